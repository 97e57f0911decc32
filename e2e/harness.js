/*
 * Starts the embedded default exactly as `npm start` does (backend on :7007,
 * app dev server on :3000) and Debian's chromium through playwright-core.
 * Each scenario is a plain async function; results go to .last-result.json
 * for scripts/test-all.js.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules/.bin/backstage-cli');
// `E2E_SCREENSHOTS=docs/images node e2e/run.js` refreshes the README's images.
const screenshots = path.resolve(
  root,
  process.env.E2E_SCREENSHOTS || 'e2e-screenshots',
);
const failures = path.join(root, 'e2e-screenshots');
// The embedded default keeps its world in .aks-sandbox at the root; the
// suite gets a fresh one of its own, and leaves the developer's alone.
const sandboxDir = process.env.E2E_SERVERS_RUNNING
  ? path.join(root, '.aks-sandbox')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'aks-access-e2e-sandbox-'));

function startPackage(dir, logName) {
  const log = fs.openSync(
    path.join(os.tmpdir(), `aks-access-e2e-${logName}.log`),
    'w',
  );
  const child = spawn(cli, ['package', 'start'], {
    cwd: path.join(root, dir),
    env: {
      ...process.env,
      BROWSER: 'none',
      NODE_ENV: 'development',
      APP_CONFIG_aksAccess_sandbox_dataDir: sandboxDir,
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  return child;
}

async function waitForUrl(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in as one of the demo users of the sign-in page (Alice, Bob). */
async function signIn(page, user = 'Alice') {
  await page.goto('http://localhost:3000/');
  const enter = page.getByRole('button', { name: `Enter as ${user}` });
  // The sign-in button renders late, and a click that lands before the
  // sign-in page has hydrated is lost, so click until the page moves on.
  await enter.waitFor({ timeout: 60_000 });
  for (let attempt = 0; attempt < 10; attempt++) {
    await enter.click().catch(() => {});
    try {
      await enter.waitFor({ state: 'detached', timeout: 3_000 });
      return;
    } catch {
      // still on the sign-in page
    }
  }
  throw new Error(`the sign-in as ${user} did not complete`);
}

async function runScenarios(scenarios) {
  fs.mkdirSync(screenshots, { recursive: true });
  fs.mkdirSync(failures, { recursive: true });
  process.env.E2E_SCREENSHOT_DIR = screenshots;
  // E2E_SERVERS_RUNNING=1 reuses an `npm start` already up, to iterate on scenarios.
  const children = process.env.E2E_SERVERS_RUNNING
    ? []
    : [
        startPackage('packages/backend', 'backend'),
        startPackage('packages/app', 'app'),
      ];
  const kill = c => {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  const stop = () => children.forEach(kill);
  /** Stops the backend and starts it again on the same sandbox folder, as a restart of `npm start` would. */
  const restartBackend = async () => {
    const backend = children[0];
    const exited = new Promise(resolve => backend.once('exit', resolve));
    kill(backend);
    await exited;
    children[0] = startPackage('packages/backend', 'backend-restarted');
    await waitForUrl('http://localhost:7007/api/aks-access/health', 180_000);
  };
  process.on('exit', stop);
  const result = { passed: 0, failed: 0 };
  let browser;
  try {
    await waitForUrl('http://localhost:7007/api/aks-access/health', 180_000);
    await waitForUrl('http://localhost:3000/', 240_000);
    browser = await launchBrowser();
    for (const [name, scenario] of scenarios) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      try {
        await signIn(page);
        await scenario(page, {
          sandboxDir,
          restartBackend,
          /** A second browser, signed in as another demo user (its own session). */
          signInAs: async user => {
            const other = await browser.newContext({
              viewport: { width: 1440, height: 1000 },
            });
            const otherPage = await other.newPage();
            otherPage.setDefaultTimeout(30_000);
            await signIn(otherPage, user);
            return otherPage;
          },
          screenshot: file =>
            page.screenshot({
              path: path.join(screenshots, file),
              fullPage: true,
            }),
        });
        result.passed++;
        console.log(`  ✓ ${name}`);
      } catch (error) {
        result.failed++;
        console.log(
          `  ✗ ${name}\n    ${String(error.stack || error)
            .split('\n')
            .slice(0, 6)
            .join('\n    ')}`,
        );
        await page
          .screenshot({
            path: path.join(
              failures,
              `FAILED-${name.replace(/\W+/g, '-')}.png`,
            ),
            fullPage: true,
          })
          .catch(() => {});
      }
      await context.close();
    }
  } catch (error) {
    result.failed++;
    console.log(
      `  ✗ e2e setup: ${
        error.message
      } (logs in ${os.tmpdir()}/aks-access-e2e-*.log)`,
    );
  } finally {
    await browser?.close();
    stop();
  }
  fs.writeFileSync(
    path.join(__dirname, '.last-result.json'),
    JSON.stringify(result),
  );
  return result;
}

module.exports = { runScenarios };
