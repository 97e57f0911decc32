#!/usr/bin/env node
/*
 * Every test in the repo, in one command: the Jest projects of all packages
 * (the database tests run on SQLite and, when it answers, the PostgreSQL on
 * 127.0.0.1:5432), then the browser end-to-end suite. It ends with one plain
 * `N passed, N failed` line, which is what CI reads.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

function reachable(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

function jest(env, extraArgs) {
  const report = path.join(os.tmpdir(), `aks-access-jest-${process.pid}.json`);
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/backstage-cli'),
    ['repo', 'test', '--json', `--outputFile=${report}`, ...extraArgs],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env, CI: 'true' } },
  );
  if (!fs.existsSync(report)) {
    return { passed: 0, failed: 1, status: result.status ?? 1 };
  }
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  fs.rmSync(report);
  // A suite that fails to load has no failed tests but must still count.
  const brokenSuites = summary.testResults.filter(
    r => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  return {
    passed: summary.numPassedTests,
    failed: summary.numFailedTests + brokenSuites,
    status: result.status ?? 1,
  };
}

async function main() {
  const env = { BACKSTAGE_TEST_DISABLE_DOCKER: '1' };
  if (process.env[PG_ENV]) {
    env[PG_ENV] = process.env[PG_ENV];
  } else if (await reachable('127.0.0.1', 5432)) {
    env[PG_ENV] = 'postgresql://postgres@127.0.0.1:5432';
  } else {
    console.warn('PostgreSQL is not reachable on 127.0.0.1:5432: database tests run on SQLite only.');
  }

  const totals = { passed: 0, failed: 0 };
  const suites = [
    // Lint first: it takes seconds, and a change that breaks it is not ready.
    ['lint', () => {
      const r = spawnSync(path.join(root, 'node_modules/.bin/backstage-cli'), ['repo', 'lint'], { cwd: root, stdio: 'inherit' });
      const ok = r.status === 0;
      return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, status: r.status ?? 1 };
    }],
    ['jest', () => jest(env, process.argv.slice(2))],
  ];
  // Node scripts that write { passed, failed } to a result file, in order.
  const scripts = [
    ['production-path', 'e2e/productionPath.js', 'e2e/.production-path-result.json'],
    ['install-outside', 'e2e/installOutside.js', 'e2e/.install-outside-result.json'],
    ['replicas', 'e2e/replicas.js', 'e2e/.replicas-result.json'],
  ];
  for (const [name, script, resultFile] of scripts) {
    suites.push([name, () => {
      fs.rmSync(path.join(root, resultFile), { force: true });
      const r = spawnSync(process.execPath, [path.join(root, script)], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
      const file = path.join(root, resultFile);
      const line = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { passed: 0, failed: 1 };
      return { passed: line.passed, failed: line.failed, status: r.status ?? 1 };
    }]);
  }
  const e2e = path.join(root, 'e2e/run.js');
  if (fs.existsSync(e2e)) {
    suites.push(['e2e', () => {
      const r = spawnSync(process.execPath, [e2e], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
      const line = fs.existsSync(path.join(root, 'e2e/.last-result.json'))
        ? JSON.parse(fs.readFileSync(path.join(root, 'e2e/.last-result.json'), 'utf8'))
        : { passed: 0, failed: 1 };
      return { ...line, status: r.status ?? 1 };
    }]);
  }
  let status = 0;
  for (const [name, runSuite] of suites) {
    const r = runSuite();
    console.log(`${name}: ${r.passed} passed, ${r.failed} failed`);
    totals.passed += r.passed;
    totals.failed += r.failed;
    if (r.status !== 0) status = 1;
  }
  if (totals.failed > 0) status = 1;
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(status);
}

main();
