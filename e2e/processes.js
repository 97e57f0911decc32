/*
 * The processes an end-to-end script starts (a sandbox, backends): each in a
 * group of its own with its output in a log file, stopped as a group, and
 * waited on with the log's tail in the error when it dies first.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

function startProcess(command, args, options, log) {
  const out = fs.openSync(log, 'w');
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.log = log;
  return child;
}

function stop(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function logTail(child) {
  try {
    return fs
      .readFileSync(child.log, 'utf8')
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n');
  } catch {
    return `(no log at ${child.log})`;
  }
}

async function waitFor(what, check, timeoutMs, child, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (child && child.exitCode !== null) {
      throw new Error(
        `${what}: the process exited (${child.exitCode}); ${
          child.log
        }:\n${logTail(child)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms${
          child ? `; see ${child.log}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

module.exports = { startProcess, stop, waitFor };
