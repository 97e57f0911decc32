import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { badRequest } from '../errors';
import { decodeProtobuf, isProtobuf } from '../protobuf';
import type { UserInfo } from '../rbac';
import type { RequestInfo } from '../requestInfo';
import type { ResourceType } from '../resources';

/** One request, once authenticated (and impersonation applied). */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  user: UserInfo;
  body: Buffer;
  /** Sent as `Warning: 299` headers with the response, as kubectl prints them. */
  warnings: string[];
}

/** A resource request whose type the server serves. */
export type ResourceInfo = Extract<RequestInfo, { kind: 'resource' }> & {
  type: ResourceType;
};

/** Kubernetes timestamps have whole seconds. */
export const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function typeKey(type: ResourceType) {
  return `${type.group}/${type.resource}`;
}

/** The namespace an object of this type is stored under (none when cluster-scoped). */
export function storageNamespace(info: ResourceInfo): string | undefined {
  return info.type.namespaced ? info.namespace : undefined;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseBody(call: Call): any {
  if (isProtobuf(call.req.headers['content-type']))
    return decodeProtobuf(call.body);
  const text = call.body.toString('utf8');
  if (!text.trim())
    throw badRequest(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  try {
    return /yaml/.test(call.req.headers['content-type'] ?? '')
      ? YAML.parse(text)
      : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the body of the request could not be decoded: ${(e as Error).message}`,
    );
  }
}

/** `?dryRun=All`, or DeleteOptions' `dryRun: ["All"]` in the body. */
export function dryRun(call: Call, body?: any): boolean {
  return (
    call.url.searchParams.getAll('dryRun').includes('All') ||
    (Array.isArray(body?.dryRun) && body.dryRun.includes('All'))
  );
}

/** Without `?fieldManager`, the API server names the manager after the client's user agent. */
export function fieldManager(call: Call): string {
  return (
    call.url.searchParams.get('fieldManager') ??
    (call.req.headers['user-agent'] ?? 'unknown').split('/')[0]
  );
}

export function send(call: Call, code: number, body: unknown) {
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  };
  if (call.warnings.length)
    headers.Warning = call.warnings.map(w => `299 - ${JSON.stringify(w)}`);
  call.res.writeHead(code, headers);
  call.res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, code: number, text: string) {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
