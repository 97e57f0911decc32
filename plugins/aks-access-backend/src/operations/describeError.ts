/*
 * Upstream errors carry more than a user should see (the Kubernetes client
 * puts response headers and bodies into its message). This keeps the part
 * that explains the failure and nothing that could hold a credential.
 */
export function describeError(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    statusCode?: number;
    code?: number | string;
    body?: { message?: string; reason?: string };
  };
  if (typeof e?.code === 'number' && e.body) {
    const body = typeof e.body === 'string' ? safeParse(e.body) : e.body;
    return `Kubernetes API answered ${e.code}${
      body?.reason ? ` ${body.reason}` : ''
    }: ${body?.message ?? 'no message'}`;
  }
  if (typeof e?.statusCode === 'number') {
    const firstLine = (e.message ?? '').split('\n')[0];
    return `Azure answered ${e.statusCode}${
      typeof e.code === 'string' ? ` ${e.code}` : ''
    }: ${firstLine}`;
  }
  return e?.message ?? String(error);
}

function safeParse(
  text: string,
): { message?: string; reason?: string } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
