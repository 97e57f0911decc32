import { z } from 'zod/v3';
import {
  KUBERNETES_RESOURCES,
  KUBERNETES_VERBS,
  PermissionRequest,
} from '../api/effectivePermissions';
import {
  clusterNameSchema,
  namespaceNameSchema,
  principalSchema,
} from './names';
import { peopleQuery } from './people';

const RESOURCE_NAMES = Object.keys(KUBERNETES_RESOURCES);

/**
 * `secrets`, `pods/exec` or `*` as a request's group, resource and
 * subresource; undefined for a resource (or subresource) not in the table.
 */
export function parseKubernetesResource(
  value: string,
): Omit<PermissionRequest, 'verb' | 'name'> | undefined {
  if (value === '*') return { apiGroup: '*', resource: '*' };
  const [resource, subresource, extra] = value.split('/');
  const known = Object.prototype.hasOwnProperty.call(
    KUBERNETES_RESOURCES,
    resource,
  )
    ? KUBERNETES_RESOURCES[resource]
    : undefined;
  if (!known || extra !== undefined) return undefined;
  if (subresource !== undefined && !known.subresources?.includes(subresource))
    return undefined;
  return {
    apiGroup: known.group,
    resource,
    ...(subresource ? { subresource } : {}),
  };
}

const verb = z.enum(['*', ...KUBERNETES_VERBS], {
  errorMap: () => ({
    message: `verb must be one of ${KUBERNETES_VERBS.join(', ')} or *`,
  }),
});

const resource = z
  .string()
  .max(100, 'resource must be at most 100 characters')
  .refine(r => !!parseKubernetesResource(r), {
    message: `resource must be one of ${RESOURCE_NAMES.join(
      ', ',
    )} or *, optionally with a subresource such as pods/exec`,
  });

/** The query string of GET /entities/:kind/:namespace/:name/who-can. */
export const whoCanQuery = z
  .object({
    /** With namespace, one namespace; without both, every namespace of the entity. */
    cluster: clusterNameSchema.optional(),
    namespace: namespaceNameSchema.optional(),
    verb,
    resource,
    /** One object's name, for rules limited by resourceNames. */
    name: z
      .string()
      .min(1, 'name must not be empty')
      .max(253, 'name must be at most 253 characters')
      .optional(),
    // Paged as the People view is.
    offset: peopleQuery.shape.offset,
    limit: peopleQuery.shape.limit,
  })
  .strict()
  .refine(q => !q.namespace || !!q.cluster, {
    message: 'namespace needs cluster',
    path: ['cluster'],
  });

export type WhoCanQuery = z.infer<typeof whoCanQuery>;

/** The query string of GET /entities/:kind/:namespace/:name/what-can. */
export const whatCanQuery = z
  .object({
    /** A catalog user or group ref (user:default/frank), or an Entra object id. */
    principal: principalSchema,
    cluster: clusterNameSchema,
    namespace: namespaceNameSchema,
  })
  .strict();

export type WhatCanQuery = z.infer<typeof whatCanQuery>;

/** The query string of GET /entities/:kind/:namespace/:name/sensitive-permissions. */
export const sensitivePermissionsQuery = z
  .object({
    cluster: clusterNameSchema.optional(),
    namespace: namespaceNameSchema.optional(),
  })
  .strict()
  .refine(q => !q.namespace || !!q.cluster, {
    message: 'namespace needs cluster',
    path: ['cluster'],
  });

export type SensitivePermissionsQuery = z.infer<
  typeof sensitivePermissionsQuery
>;
