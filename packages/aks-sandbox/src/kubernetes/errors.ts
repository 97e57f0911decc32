import { qualifiedResource } from './resources';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
  type?: string;
}

/** A Kubernetes `Status` failure, thrown by handlers and written as the response body. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: StatusCause[];
      retryAfterSeconds?: number;
    },
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

type TypeRef = { group: string; resource: string };

export function notFound(type: TypeRef, name: string) {
  return new KubeError(
    404,
    'NotFound',
    `${qualifiedResource(type)} "${name}" not found`,
    {
      name,
      group: type.group || undefined,
      kind: type.resource,
    },
  );
}

export function alreadyExists(type: TypeRef, name: string) {
  return new KubeError(
    409,
    'AlreadyExists',
    `${qualifiedResource(type)} "${name}" already exists`,
    {
      name,
      group: type.group || undefined,
      kind: type.resource,
    },
  );
}

export function conflict(type: TypeRef, name: string) {
  return new KubeError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(
      type,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: type.group || undefined, kind: type.resource },
  );
}

export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: StatusCause[],
) {
  const list = causes.map(c => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new KubeError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${summary}`,
    {
      name,
      group: group || undefined,
      kind,
      causes: causes.map(c => ({
        reason: c.type,
        message: c.message,
        field: c.field,
      })),
    },
  );
}

export function badRequest(message: string) {
  return new KubeError(400, 'BadRequest', message);
}

export function unauthorized() {
  return new KubeError(401, 'Unauthorized', 'Unauthorized');
}

export function methodNotAllowed(verb: string, type: TypeRef) {
  return new KubeError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource`,
    {
      group: type.group || undefined,
      kind: type.resource,
    },
    { Allow: verb },
  );
}

export function tooManyRequests(retryAfterSeconds: number) {
  return new KubeError(
    429,
    'TooManyRequests',
    'Too many requests, please try again later.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export function expired(message: string) {
  return new KubeError(410, 'Expired', message);
}

export function internal(message: string) {
  return new KubeError(
    500,
    'InternalError',
    `Internal error occurred: ${message}`,
  );
}

/** The 404 for a path that names no served resource (as opposed to a missing object). */
export function noSuchResource() {
  return new KubeError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function nameMismatch() {
  return badRequest(
    'the name of the object does not match the name on the URL',
  );
}
