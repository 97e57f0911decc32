import fs from 'node:fs';
import path from 'node:path';
import { CLIENT_FILES } from './clientFiles';
import { PORTS_FILE } from './startSandbox';
import { STORE_FILES } from './state/store';
import { CA_FILES } from './tls';

/** Every file the sandbox writes in its data folder, and nothing else. */
export const SANDBOX_FILES: readonly string[] = [
  ...STORE_FILES,
  ...CA_FILES,
  PORTS_FILE,
  ...CLIENT_FILES,
];

export type ResetResult =
  | { outcome: 'reset'; removed: string[] }
  | { outcome: 'nothing'; reason: 'missing' | 'empty' }
  | { outcome: 'refused'; foreign: string[] };

/**
 * Deletes a data folder's sandbox state so that the next start seeds a fresh
 * world. Refuses, deleting nothing, when the folder holds anything the
 * sandbox did not write: a mistyped --data-dir must not empty a user's
 * folder. The folder itself stays.
 */
export function resetDataDir(dataDir: string): ResetResult {
  let entries: string[];
  try {
    entries = fs.readdirSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { outcome: 'nothing', reason: 'missing' };
    throw error;
  }
  const foreign = entries.filter(
    e =>
      !SANDBOX_FILES.includes(e) ||
      !fs.lstatSync(path.join(dataDir, e)).isFile(),
  );
  if (foreign.length) return { outcome: 'refused', foreign: foreign.sort() };
  if (!entries.length) return { outcome: 'nothing', reason: 'empty' };
  for (const entry of entries) fs.rmSync(path.join(dataDir, entry));
  return { outcome: 'reset', removed: entries.sort() };
}
