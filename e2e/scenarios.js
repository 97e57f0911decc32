/* The end-to-end scenarios, run in order against the embedded default. */
const assert = require('node:assert/strict');
const { assertAccessible, assertHumanText, brokenWords } = require('./a11y');

const APP = 'http://localhost:3000';
// Onboarded by the template scenario, revoked by the next one.
const E2E_NAMESPACE = 'payments-batch-e2e';
const tab = (name, section) =>
  `${APP}/catalog/default/component/${name}/aks-access${
    section ? `?section=${section}` : ''
  }`;

async function chooseTemplate(page, title) {
  await page.goto(`${APP}/create`);
  const card = page.locator('.MuiCard-root').filter({ hasText: title });
  await card.getByRole('button', { name: /choose/i }).click();
}

async function pick(page, select, option) {
  await page.locator(select).click();
  await page.getByRole('option').filter({ hasText: option }).first().click();
}

/** payments-worker's namespace from the onboarding scenario, through the AksNamespacePicker. */
async function pickOnboardedNamespace(page) {
  await page.locator('#root_entityRef').click();
  await page.getByRole('option', { name: 'payments-worker' }).click();
  await pick(page, '#root_cluster', 'aks-dev-neu');
  await pick(page, '#root_namespace', E2E_NAMESPACE);
}

/** Review, Create, and follow the task's output link back to the component's tab. */
async function runAndOpenTab(page) {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page
    .getByRole('link', { name: 'AKS Access' })
    .click({ timeout: 90_000 });
  await page.getByTestId('aks-access-table').waitFor();
}

module.exports = [
  [
    'the catalog lists the example components, signed in as alice',
    async (page, { screenshot }) => {
      // app-config mounts the catalog at the root
      await page.goto(`${APP}/`);
      // the catalog opens on the components alice owns
      for (const name of ['payments-api', 'payments-worker']) {
        await page.getByRole('link', { name }).first().waitFor();
      }
      await screenshot('catalog.png');
      const res = await page.request.get(
        'http://localhost:7007/api/aks-access/health',
      );
      assert.deepEqual(await res.json(), { status: 'ok' });
    },
  ],
  [
    "payments-api's tab shows the seeded grants on both clusters and its healthy identity",
    async (page, { screenshot }) => {
      await page.goto(tab('payments-api'));
      const table = page.getByTestId('aks-access-table');
      await table.waitFor();
      for (const text of [
        'Team Payments',
        'RoleBinding',
        'Azure role assignment',
        'aks-prod-weu',
        'aks-dev-neu',
      ]) {
        await table.getByText(text).first().waitFor();
      }
      // The first screen holds the summary and the section navigation.
      for (const part of [
        page.getByTestId('aks-access-summary'),
        page.getByRole('tablist', { name: 'AKS access sections' }),
      ]) {
        const box = await part.boundingBox();
        assert.ok(box && box.y + box.height <= 1000, 'below the first screen');
      }
      await page
        .getByText(/^You have /)
        .first()
        .waitFor();
      assert.deepEqual(
        await brokenWords(page, '[data-testid="aks-access-content"]'),
        [],
        'words broken across lines',
      );
      await assertHumanText(
        page,
        '[data-testid="aks-access-table"]',
        'the grants table',
      );
      await screenshot('aks-access-tab.png');
      await assertAccessible(
        page,
        '[data-testid="aks-access-content"]',
        "payments-api's Access section",
      );
      await page.getByRole('tab', { name: 'Identities' }).click();
      await page.getByText('id-payments-api').first().waitFor();
      assert.match(page.url(), /section=identities/);
      await assertAccessible(
        page,
        '[data-testid="aks-access-content"]',
        "payments-api's Identities section",
      );
      await page.getByRole('tab', { name: 'Findings' }).click();
      await page.getByRole('heading', { name: 'This service' }).waitFor();
      await assertHumanText(
        page,
        '[data-testid="aks-access-content"]',
        'the findings',
      );
      await assertAccessible(
        page,
        '[data-testid="aks-access-content"]',
        "payments-api's Findings section",
      );
    },
  ],
  [
    "payments-api's People view shows frank through two nested groups, and Check access says yes on the Azure RBAC cluster with that path",
    async (page, { screenshot }) => {
      const frank = 'Frank Fischer → Payments On-call → Team Payments → write';
      // The membership's first Graph round runs at start; the tab says so until then.
      for (let attempt = 0; ; attempt++) {
        await page.goto(tab('payments-api'));
        await page.getByRole('button', { name: 'People' }).click();
        await page.getByText(/Group membership from/).waitFor();
        const row = page
          .getByTestId('person-row')
          .filter({ hasText: 'Frank Fischer' });
        if (await row.count()) break;
        assert.ok(attempt < 10, 'frank never appeared in the People view');
        await page.waitForTimeout(1000);
      }
      // The RBAC Writer and edit, through his groups: the backend's sensitive permissions, in words.
      const frankRow = page
        .getByTestId('person-row')
        .filter({ hasText: 'Frank Fischer' });
      for (const label of ['read Secrets', 'exec', 'create pods'])
        await frankRow
          .getByTestId('sensitive-chip')
          .filter({ hasText: new RegExp(`^${label}$`) })
          .waitFor();
      await page
        .getByTestId('person-row')
        .filter({ hasText: 'Dave Diallo' })
        .getByText(/expected \(platform admin\)$/)
        .waitFor();
      // Names and UPNs keep their width beside the chips: nothing breaks mid-word.
      assert.deepEqual(
        await brokenWords(page, 'table[aria-label="People"]'),
        [],
        'words broken across lines in the People view',
      );
      await page
        .getByRole('button', { name: 'Show how Frank Fischer has access' })
        .click();
      await page
        .getByTestId('access-path')
        .filter({ hasText: frank })
        .first()
        .waitFor();
      await screenshot('people.png');
      await assertAccessible(
        page,
        '[data-testid="aks-access-content"]',
        "payments-api's People view",
      );
      await page
        .getByRole('button', { name: 'Hide how Frank Fischer has access' })
        .click();

      await page.getByRole('tab', { name: 'Check access' }).click();
      await page.getByLabel('Principal (user or group)').click();
      await page
        .getByRole('option', { name: 'Frank Fischer (user:default/frank)' })
        .click();
      await page.getByRole('button', { name: /^Namespace\s/ }).click();
      await page
        .getByRole('option', { name: 'aks-prod-weu/payments-api' })
        .click();
      await page.getByRole('button', { name: /^Verb\s/ }).click();
      await page.getByRole('option', { name: 'create', exact: true }).click();
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Allowed' }).waitFor();
      await page
        .getByTestId('access-path')
        .filter({
          hasText:
            'Payments On-call → Team Payments → write via Azure role assignment',
        })
        .first()
        .waitFor();
      // Who can read the Secrets: frank, through both groups, among others.
      await page.getByRole('button', { name: 'Who can read Secrets?' }).click();
      await page.getByText(/people? can get secrets$/).waitFor();
      await page.getByTitle('user:default/frank').first().waitFor();
      await assertAccessible(
        page,
        '[data-testid="aks-access-content"]',
        "payments-api's Check access section",
      );
    },
  ],
  [
    "checkout-web's tab shows the drifted binding, and alice (not an owner) is not offered Revoke",
    async page => {
      await page.goto(tab('checkout-web'));
      await page.getByTestId('aks-access-table').waitFor();
      assert.equal(
        await page.getByRole('button', { name: /revoke/i }).count(),
        0,
      );
      await page.goto(tab('checkout-web', 'findings'));
      await page
        .getByText(
          /RoleBinding aks-access-write-b5ce08fe changed outside aks-access/,
        )
        .first()
        .waitFor();
      await page
        .getByText(/User bob@contoso.example/)
        .first()
        .waitFor();
      assert.equal(
        await page.getByRole('button', { name: /revoke/i }).count(),
        0,
      );
    },
  ],
  [
    "payments-worker's tab spells out the broken workload identity",
    async page => {
      await page.goto(tab('payments-worker', 'identities'));
      await page.getByText('id-payments-worker').first().waitFor();
      await page
        .getByText('system:serviceaccount:payments-worker:default')
        .first()
        .waitFor();
      await page
        .getByText('system:serviceaccount:payments-worker:worker')
        .first()
        .waitFor();
    },
  ],
  [
    'the onboarding template, run from the Create page with the pickers, fills in the owning team from the component and adds the namespace and grants to the tab',
    async (page, { screenshot }) => {
      await chooseTemplate(page, 'Onboard a namespace on AKS');
      // the OwnedEntityPicker offers only what alice's team owns
      await page.locator('#root_entityRef').click();
      assert.deepEqual(
        (await page.getByRole('option').allTextContents()).sort(),
        ['payments-api', 'payments-ledger', 'payments-worker'],
      );
      await page.getByRole('option', { name: 'payments-worker' }).click();
      // AksOwnerPicker: the owning team comes from the component's catalog entry
      const owner = page.locator('#root_owner');
      await page.waitForFunction(
        el => el.value === 'Team Payments',
        await owner.elementHandle(),
      );
      assert.equal(
        await owner.getAttribute('title'),
        'group:default/team-payments',
      );
      await page.getByRole('button', { name: 'Next' }).click();

      // AksClusterPicker: the clusters the policy allows, with environment and mode
      await page.locator('#root_cluster').click();
      await page
        .getByRole('option')
        .filter({ hasText: 'Kubernetes RBAC' })
        .filter({ hasText: 'aks-dev-neu' })
        .click();
      // the name's rules in words, not as a regular expression
      await page
        .getByText(
          /^Lowercase letters, digits and hyphens; starts with a letter/,
        )
        .waitFor();
      await page.locator('#root_namespace').fill(E2E_NAMESPACE);
      await page.getByRole('button', { name: 'Next' }).click();

      // AksAccessLevelPicker: each level in words, with what it maps to on the chosen cluster
      await page
        .getByText('On aks-dev-neu: RoleBinding onto ClusterRole "edit"')
        .first()
        .waitFor();
      // the readers' level shows only once there is a readers group
      const readersLevel = page.getByText('Access for the readers group');
      assert.equal(await readersLevel.count(), 0);
      await page.locator('#root_readers').click();
      await page.getByRole('option', { name: 'Payments Readers' }).click();
      await readersLevel.waitFor();
      await screenshot('template-form.png');
      await runAndOpenTab(page);
      await page.getByText(E2E_NAMESPACE).first().waitFor();
      await page
        .getByRole('button', {
          name: `Revoke Payments Readers read on aks-dev-neu/${E2E_NAMESPACE}`,
        })
        .waitFor();
      await page
        .getByRole('button', {
          name: `Revoke Team Payments write on aks-dev-neu/${E2E_NAMESPACE}`,
        })
        .waitFor();
    },
  ],
  [
    'the request-access template grants another group on that namespace',
    async page => {
      await chooseTemplate(page, 'Give a group access to a namespace');
      await pickOnboardedNamespace(page);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('#root_principal').click();
      await page.getByRole('option', { name: 'Team Data' }).click();
      await runAndOpenTab(page);
      await page
        .getByRole('button', {
          name: `Revoke Team Data read on aks-dev-neu/${E2E_NAMESPACE}`,
        })
        .waitFor();
    },
  ],
  [
    'the federation template adds a workload identity, checked end to end on the tab',
    async page => {
      await chooseTemplate(page, 'Federate a workload identity');
      await pickOnboardedNamespace(page);
      await page.locator('#root_serviceAccount').fill('batch');
      await page.getByRole('button', { name: 'Next' }).click();
      await runAndOpenTab(page);
      await page.getByRole('tab', { name: 'Identities' }).click();
      const identity = page.getByRole('region', {
        name: `Workload identity aks-dev-neu/${E2E_NAMESPACE}/batch`,
      });
      await identity
        .getByText(`system:serviceaccount:${E2E_NAMESPACE}:batch`)
        .first()
        .waitFor();
      await identity.getByText('api://AzureADTokenExchange').first().waitFor();
    },
  ],
  [
    'revoking that grant shows the dry-run plan, and the grant disappears',
    async page => {
      await page.goto(tab('payments-worker'));
      const revoke = page.getByRole('button', {
        name: `Revoke Payments Readers read on aks-dev-neu/${E2E_NAMESPACE}`,
      });
      await revoke.click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByLabel('Planned changes')
        .getByText(/RoleBinding/)
        .first()
        .waitFor();
      await dialog.getByRole('button', { name: 'Confirm revoke' }).click();
      await dialog.waitFor({ state: 'detached' });
      await revoke.waitFor({ state: 'detached' });
      // the owning team's grant on the same namespace stays
      await page
        .getByRole('button', {
          name: `Revoke Team Payments write on aks-dev-neu/${E2E_NAMESPACE}`,
        })
        .waitFor();
    },
  ],
  [
    'the overview card summarises access with a link to the tab',
    async (page, { screenshot }) => {
      await page.goto(`${APP}/catalog/default/component/payments-api`);
      const card = page.getByTestId('aks-access-card');
      await card.waitFor();
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({
        path: require('node:path').join(
          process.env.E2E_SCREENSHOT_DIR,
          'aks-access-card.png',
        ),
      });
      await screenshot('entity-overview.png');
    },
  ],
  [
    'kubectl sees the namespace the browser onboarded, also after a restart',
    async (page, { sandboxDir, restartBackend }) => {
      const { execFileSync } = require('node:child_process');
      const kubectl = () =>
        execFileSync(
          'kubectl',
          ['--context', 'aks-dev-neu-admin', 'get', 'namespaces', '-o', 'name'],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              KUBECONFIG: require('node:path').join(sandboxDir, 'kubeconfig'),
            },
          },
        );
      if (!kubectl().includes(`namespace/${E2E_NAMESPACE}`)) {
        throw new Error(`kubectl does not list ${E2E_NAMESPACE}`);
      }
      if (process.env.E2E_SERVERS_RUNNING) return;
      await restartBackend();
      if (!kubectl().includes(`namespace/${E2E_NAMESPACE}`)) {
        throw new Error(
          `after a restart kubectl does not list ${E2E_NAMESPACE}`,
        );
      }
      await page.goto(tab('payments-worker'));
      await page.getByText(E2E_NAMESPACE).first().waitFor();
    },
  ],
  [
    "checkout-api takes no requests: the primary action is disabled with the backend's reason",
    async page => {
      await page.goto(tab('checkout-api'));
      const primary = page.getByTestId('aks-access-primary-action');
      await primary.waitFor();
      assert.ok(await primary.isDisabled(), 'the request action is enabled');
      const reason = await page
        .locator('#aks-primary-action-reason')
        .innerText();
      assert.match(reason, /\w/, 'no reason given');
    },
  ],
  [
    "alice, asking for herself on dev, is told in words what a grant to her spends of the subscription's role assignments, and that her team's would cover her",
    async page => {
      // The demo's policy grants users on dev (grants.environments.dev) and
      // only groups on prod; checkout-web's namespace is on aks-dev-neu.
      await page.goto(tab('checkout-web'));
      const primary = page.getByTestId('aks-access-primary-action');
      await primary.click();
      const dialog = page.getByRole('dialog');
      const principal = dialog.locator('#aks-request-principal');
      await principal.waitFor();
      assert.equal(
        (await principal.locator('option:checked').textContent()).trim(),
        'Alice Andersson (you)',
      );
      const hint = dialog.getByRole('note', { name: 'Role assignments' });
      await hint.waitFor();
      const text = (await hint.innerText()).replace(/\s+/g, ' ');
      // The Cluster User Role that fetches her credentials is one Azure role
      // assignment; Team Payments may hold it already from the onboarding
      // scenario, and then asking for the team adds none.
      assert.match(
        text,
        /A grant to you uses 1 of the role assignments Azure allows the subscription of aks-dev-neu \(\d[\d,]* of 4,000 used\)\. Requesting for Team Payments, a group you are in, (uses the same 1 for all its members|adds none \(it holds them already\) and covers all its members)\./,
      );
      await assertHumanText(page, '[role="dialog"]', 'the request dialog');
      await assertAccessible(
        page,
        '[role="dialog"]',
        'the request dialog with its role-assignment hint',
      );
      // One click asks for the team instead, and the hint has nothing to say.
      await hint.getByRole('button', { name: 'Ask for Team Payments' }).click();
      await hint.waitFor({ state: 'detached' });
      assert.equal(
        (await principal.locator('option:checked').textContent()).trim(),
        'Team Payments',
      );
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    },
  ],
  [
    'alice asks for temporary access to checkout-web without touching "For", bob approves from Requests in one click, alice sees when it ends, bob reviews access',
    async (page, { signInAs }) => {
      const path = require('node:path');
      const justification = 'Pairing with checkout on the payment button (e2e)';
      // alice (team-payments) does not own checkout-web: her primary action is to ask.
      await page.goto(tab('checkout-web'));
      const primary = page.getByTestId('aks-access-primary-action');
      await primary.waitFor();
      assert.equal(
        (await primary.innerText()).trim().toLowerCase(),
        'request temporary access',
      );
      assert.equal(
        await page.getByRole('button', { name: 'Give a group access' }).count(),
        0,
        'an owner template is offered to a non-owner',
      );
      await primary.click();
      const dialog = page.getByRole('dialog');
      // Write needs the owners' approval on dev; read would be granted at once.
      await dialog.locator('#aks-request-level').selectOption('write');
      await dialog.locator('#aks-request-justification').fill(justification);
      await assertAccessible(page, '[role="dialog"]', 'the request dialog');
      await dialog.getByRole('button', { name: 'Request' }).click();
      await dialog.getByText(/waiting for approval/i).waitFor();
      await dialog.getByRole('button', { name: 'Close' }).click();

      // Her own pending request, without Approve or Deny.
      await page.getByRole('tab', { name: /^Requests/ }).click();
      const mine = page
        .getByTestId('aks-access-requests')
        .getByRole('row')
        .filter({ hasText: justification });
      await mine.getByText('Your request: the owners decide').waitFor();
      assert.equal(await mine.getByRole('button').count(), 0);

      // bob (team-checkout) owns it: Requests is one click from the tab.
      const bob = await signInAs('Bob');
      await bob.goto(tab('checkout-web'));
      await bob.getByRole('tab', { name: /^Requests \(\d+\)$/ }).click({
        timeout: 60_000,
      });
      const requests = bob.getByTestId('aks-access-requests');
      await requests.getByText(justification).waitFor({ timeout: 60_000 });
      await assertHumanText(
        bob,
        '[data-testid="aks-access-requests"]',
        'the requests',
      );
      await assertAccessible(
        bob,
        '[data-testid="aks-access-content"]',
        "checkout-web's Requests section, as an approver",
      );
      await requests.screenshot({
        path: path.join(process.env.E2E_SCREENSHOT_DIR, 'access-requests.png'),
      });
      await requests
        .getByRole('row')
        .filter({ hasText: justification })
        .getByRole('button', { name: /^Approve/ })
        .click();
      const decide = bob.getByRole('dialog');
      await decide.getByLabel('Comment (optional)').fill('go ahead');
      await decide.getByRole('button', { name: 'Approve' }).click();
      await decide.waitFor({ state: 'detached' });

      // The grant says when it ends, in words and local time; alice sees it too.
      await page.goto(tab('checkout-web'));
      await page
        .getByTestId('aks-access-table')
        .getByText(/^ends in \d/)
        .first()
        .waitFor({ timeout: 60_000 });
      await page.goto(tab('checkout-web', 'requests'));
      await page
        .getByTestId('aks-access-my-requests')
        .getByText(/ends in \d/)
        .first()
        .waitFor();
      await assertHumanText(
        page,
        '[data-testid="aks-access-my-requests"]',
        'my requests',
      );

      // bob reviews the standing grants: a plan first, then confirm.
      await bob.goto(tab('checkout-web'));
      await bob.getByRole('button', { name: 'Review access' }).click();
      const review = bob.getByTestId('aks-access-review');
      await review.getByRole('button', { name: 'Plan' }).click();
      await review.getByRole('region', { name: 'Review plan' }).waitFor();
      await assertAccessible(
        bob,
        '[data-testid="aks-access-review"]',
        'the review panel',
      );
      await review.getByRole('button', { name: 'Confirm' }).click();
      await review.getByText(/^Reviewed: /).waitFor();
      assert.equal(
        await review.getByRole('alert').count(),
        0,
        'the review was refused',
      );
      await bob.context().close();
    },
  ],
];
