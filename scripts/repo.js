#!/usr/bin/env node
/*
 * The README's two commands (`npm start`, `npm test`) work on a machine with
 * only Node and npm: this script runs the Yarn release committed under
 * .yarn/releases, so neither corepack nor a global yarn is needed, and
 * installs first when node_modules is missing or older than yarn.lock.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const yarnRelease = path.join(
  root,
  '.yarn/releases',
  fs.readdirSync(path.join(root, '.yarn/releases')).find(f => f.endsWith('.cjs')),
);

function run(args, extraEnv = {}) {
  const result = spawnSync(process.execPath, [yarnRelease, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function mtime(file) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureInstalled() {
  if (mtime('node_modules/.yarn-state.yml') >= mtime('yarn.lock')) return;
  // node-gyp cannot download Node headers offline; build native modules
  // (better-sqlite3) against the headers the Node install ships with.
  const nodedir =
    process.env.npm_config_nodedir ||
    path.resolve(path.dirname(process.execPath), '..');
  run(['install', '--immutable'], {
    npm_config_nodedir: nodedir,
    YARN_ENABLE_PROGRESS_BARS: '0',
  });
}

const [command, ...rest] = process.argv.slice(2);
ensureInstalled();
run(['run', command, ...rest]);
