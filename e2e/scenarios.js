/* The end-to-end scenarios, run in order against the embedded default. */
const assert = require('node:assert/strict');

const APP = 'http://localhost:3000';
const tab = name => `${APP}/catalog/default/component/${name}/aks-access`;

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
      const res = await page.request.get('http://localhost:7007/api/aks-access/health');
      assert.deepEqual(await res.json(), { status: 'ok' });
    },
  ],
  [
    "payments-api's tab shows the seeded grants on both clusters and its healthy identity",
    async (page, { screenshot }) => {
      await page.goto(tab('payments-api'));
      const table = page.getByTestId('aks-access-table');
      await table.waitFor();
      for (const text of ['Team Payments', 'RoleBinding', 'Azure role assignment', 'aks-prod-weu', 'aks-dev-neu']) {
        await table.getByText(text).first().waitFor();
      }
      await page.getByText('id-payments-api').first().waitFor();
      await screenshot('aks-access-tab.png');
    },
  ],
  [
    "checkout-web's tab shows the drifted binding, and alice (not an owner) is not offered Revoke",
    async page => {
      await page.goto(tab('checkout-web'));
      await page.getByTestId('aks-access-table').waitFor();
      await page.getByText(/RoleBinding aks-access-write-b5ce08fe changed outside aks-access/).first().waitFor();
      await page.getByText(/User bob@contoso.example/).first().waitFor();
      assert.equal(await page.getByRole('button', { name: /revoke/i }).count(), 0);
    },
  ],
  [
    "payments-worker's tab spells out the broken workload identity",
    async page => {
      await page.goto(tab('payments-worker'));
      await page.getByText('id-payments-worker').first().waitFor();
      await page.getByText('system:serviceaccount:payments-worker:default').first().waitFor();
      await page.getByText('system:serviceaccount:payments-worker:worker').first().waitFor();
    },
  ],
  [
    'the overview card summarises access with a link to the tab',
    async (page, { screenshot }) => {
      await page.goto(`${APP}/catalog/default/component/payments-api`);
      const card = page.getByTestId('aks-access-card');
      await card.waitFor();
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: require('node:path').join(process.env.E2E_SCREENSHOT_DIR, 'aks-access-card.png') });
      await screenshot('entity-overview.png');
    },
  ],
];
