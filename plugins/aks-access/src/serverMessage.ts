import { ResponseError } from '@backstage/errors';

/**
 * What the backend said about a refused call (a four-eyes 403, a 409 on a
 * request decided meanwhile), rather than the client's generic
 * "Request failed with 403 Forbidden".
 */
export function serverMessage(error: Error): string {
  if (ResponseError.is(error)) {
    return error.body?.error?.message || error.message;
  }
  return error.message;
}
