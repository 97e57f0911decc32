import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeClientFiles } from '../../clientFiles';
import type { RunningSandbox } from '../../startSandbox';

export interface Kubectl {
  (args: string[], stdin?: string): Promise<{
    code: number;
    stdout: string;
    stderr: string;
  }>;
  dir: string;
}

/** Runs the real kubectl against the sandbox with the kubeconfig `sandbox start` writes. */
export function kubectlFor(sandbox: RunningSandbox): Kubectl {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-kubectl-'));
  writeClientFiles(dir, sandbox);
  const run = (args: string[], stdin?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
      const child = execFile(
        'kubectl',
        args,
        {
          env: {
            ...process.env,
            KUBECONFIG: path.join(dir, 'kubeconfig'),
            HOME: dir,
          },
          timeout: 30_000,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (error as any).code ?? 1 : 0,
            stdout,
            stderr,
          }),
      );
      if (stdin !== undefined) child.stdin!.end(stdin);
    });
  return Object.assign(run, { dir });
}
