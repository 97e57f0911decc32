import fs from 'node:fs';
import path from 'node:path';
import type { StateChange, StateStore } from '../context';
import type { SandboxState } from './types';

export interface OpenedStore extends StateStore {
  /** Folds the journal into state.json; also done automatically as the journal grows. */
  compact(): void;
  /** Compacts and releases the journal file; the store must not be used afterwards. */
  close(): void;
}

/* Compaction rewrites the whole snapshot (tens of MB at --scale large), so it
 * only happens once the journal is big enough to make replay slow. */
const COMPACT_AFTER_BYTES = 32 * 1024 * 1024;

export function applyChanges(
  state: SandboxState,
  changes: StateChange[],
): void {
  for (const { path: p, value } of changes) {
    let node = state as unknown as Record<string, any>;
    for (const segment of p.slice(0, -1)) {
      if (node[segment] === undefined || node[segment] === null)
        node[segment] = {};
      node = node[segment];
    }
    const last = p[p.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
}

const SNAPSHOT_FILE = 'state.json';
const JOURNAL_FILE = 'journal.ndjson';
/** What the store may leave in a data folder, its snapshot's temporary copy included. */
export const STORE_FILES = [
  SNAPSHOT_FILE,
  `${SNAPSHOT_FILE}.tmp`,
  JOURNAL_FILE,
];

/**
 * Opens the sandbox's state: purely in memory without a data folder;
 * otherwise `state.json` plus an fsync'd append-only `journal.ndjson`, so an
 * acknowledged commit survives a kill at any point.
 */
export function openStore(
  dataDir: string | undefined,
  initial: () => SandboxState,
): OpenedStore {
  if (!dataDir) return memoryStore(initial());

  fs.mkdirSync(dataDir, { recursive: true });
  const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
  const journalPath = path.join(dataDir, JOURNAL_FILE);

  let state: SandboxState;
  if (fs.existsSync(snapshotPath)) {
    state = JSON.parse(fs.readFileSync(snapshotPath, 'utf8'));
    replayJournal(state, journalPath);
  } else {
    state = initial();
    writeSnapshot(snapshotPath, state);
    fs.writeFileSync(journalPath, '');
  }

  let fd = fs.openSync(journalPath, 'a');
  let journalBytes = fs.fstatSync(fd).size;

  const compact = () => {
    writeSnapshot(snapshotPath, state);
    fs.ftruncateSync(fd, 0);
    fs.fdatasyncSync(fd);
    journalBytes = 0;
  };
  if (journalBytes > 0) compact();

  return {
    get state() {
      return state;
    },
    async commit(changes) {
      if (fd < 0) throw new Error('The sandbox state store is closed');
      applyChanges(state, changes);
      const line = Buffer.from(`${JSON.stringify(changes)}\n`);
      fs.writeSync(fd, line);
      fs.fdatasyncSync(fd);
      journalBytes += line.length;
      if (journalBytes > COMPACT_AFTER_BYTES) compact();
    },
    compact,
    close() {
      if (fd < 0) return;
      compact();
      fs.closeSync(fd);
      fd = -1;
    },
  };
}

function memoryStore(state: SandboxState): OpenedStore {
  return {
    state,
    async commit(changes) {
      applyChanges(state, changes);
    },
    compact() {},
    close() {},
  };
}

function replayJournal(state: SandboxState, journalPath: string) {
  if (!fs.existsSync(journalPath)) return;
  const lines = fs.readFileSync(journalPath, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (!line) return;
    let changes: StateChange[];
    try {
      changes = JSON.parse(line);
    } catch (error) {
      // Only the last record can be torn (a kill mid-append); it was never
      // acknowledged, so dropping it loses nothing.
      if (index >= lines.length - 2) return;
      throw new Error(
        `Corrupt sandbox journal ${journalPath} at line ${index + 1}: ${error}`,
      );
    }
    applyChanges(state, changes);
  });
}

function writeSnapshot(snapshotPath: string, state: SandboxState) {
  const tmp = `${snapshotPath}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(state));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, snapshotPath);
  const dirFd = fs.openSync(path.dirname(snapshotPath), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}
