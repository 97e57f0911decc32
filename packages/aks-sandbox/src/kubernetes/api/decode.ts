import type { KubeObject } from '../../state/types';
import { badRequest } from '../errors';
import { pruneUnknownFields, schemaForKind } from '../openapi';
import { apiVersionOf, ResourceType } from '../resources';
import type { Call } from './call';

/** Schema-checks a body, dropping unknown fields; Strict rejects them, Warn reports them. */
export function decode(
  call: Call,
  type: ResourceType,
  object: any,
): KubeObject {
  if (!object || typeof object !== 'object' || Array.isArray(object))
    throw badRequest("Object 'Kind' is missing in the request body");
  if (
    (object.kind && object.kind !== type.kind) ||
    (object.apiVersion && object.apiVersion !== apiVersionOf(type))
  ) {
    throw badRequest(
      `the API version in the data (${
        object.apiVersion
      }) does not match the expected API version (${apiVersionOf(type)})`,
    );
  }
  const decoded = JSON.parse(JSON.stringify(object));
  const unknown = pruneUnknownFields(
    decoded,
    schemaForKind(apiVersionOf(type), type.kind),
  );
  const mode = call.url.searchParams.get('fieldValidation') ?? 'Warn';
  if (unknown.length && mode === 'Strict') {
    throw badRequest(
      `strict decoding error: ${unknown
        .map(f => `unknown field "${f}"`)
        .join(', ')}`,
    );
  }
  if (mode !== 'Ignore')
    call.warnings.push(...unknown.map(f => `unknown field "${f}"`));
  return {
    ...decoded,
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    metadata: decoded.metadata ?? {},
  };
}
