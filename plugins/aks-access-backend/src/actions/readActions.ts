import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  kubernetesApiGroupSchema,
  kubernetesResourceSchema,
  kubernetesVerbSchema,
  namespaceNameSchema,
  PEOPLE_LEVELS,
  PEOPLE_PAGE_MAX,
  refineWith,
} from '@aks-access/plugin-aks-access-common';
import {
  actionInputFields as i,
  ActionZod,
} from '@aks-access/plugin-aks-access-node';
import type { AksAccessQueries } from '../queries/AksAccessQueries';
import { pathSummary } from './pathSummary';

const READ_ONLY = { readOnly: true, destructive: false, idempotent: true };

/** A person's level: one of PEOPLE_LEVELS, or custom (a role that maps to none). */
const PERSON_LEVELS = [...PEOPLE_LEVELS, 'custom'] as const;

/**
 * The API's interfaces, which TypeScript will not match to a passthrough
 * schema's index signature; the registry checks the output at run time.
 */
const records = (items: object[]) => items as any[];

/** Objects whose every field an agent may want, described by their main ones. */
const open = <T extends Record<string, any>>(z: ActionZod, shape: T) =>
  z.object(shape).passthrough();

/**
 * The read actions: the same queries, and the same permission checks with
 * the caller's credentials, as the REST routes.
 */
export function registerReadActions(
  registry: ActionsRegistryService,
  queries: AksAccessQueries,
) {
  registry.register({
    name: 'who-can-access',
    title: 'Who can access an entity’s namespaces',
    description:
      'Lists, for a catalog entity (e.g. component:default/payments-api), every grant on its namespaces on every AKS cluster (RoleBindings, ClusterRoleBindings, Azure role assignments, the cluster admin group) and every person who holds read, write, admin or cluster-admin there, or a custom role that allows something there (level custom, with the role’s name), with the path of nested Entra groups that gives it. People are paged; raise offset for more.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: i.entityRef(z),
          minLevel: z
            .enum(PEOPLE_LEVELS)
            .optional()
            .describe('Only people with at least this level'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(PEOPLE_PAGE_MAX)
            .optional()
            .describe('People per page (default 50)'),
          offset: z.number().int().min(0).optional(),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          namespaces: z.array(
            open(z, {
              cluster: z.string(),
              namespace: z.string(),
              grants: z.array(z.object({}).passthrough()),
            }),
          ),
          clusterGrants: z.array(z.object({}).passthrough()),
          people: z.object({
            totalCount: z.number(),
            nextOffset: z.number().optional(),
            membership: z.object({}).passthrough(),
            items: z.array(
              z.object({
                name: z.string(),
                userPrincipalName: z.string().optional(),
                entityRef: z.string().optional(),
                highestLevel: z.enum(PERSON_LEVELS),
                customRoles: z
                  .array(z.string())
                  .optional()
                  .describe('When the level is custom: the roles, by name'),
                namespaces: z.array(
                  z.object({
                    cluster: z.string(),
                    namespace: z.string(),
                    level: z.enum(PERSON_LEVELS),
                    customRoles: z.array(z.string()).optional(),
                    paths: z
                      .array(z.string())
                      .describe('How the person gets the level, one per grant'),
                  }),
                ),
              }),
            ),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...page } = input;
      const [access, people] = await Promise.all([
        queries.entityAccess(credentials, entityRef),
        queries.entityPeople(credentials, entityRef, page),
      ]);
      return {
        output: {
          entityRef: access.entityRef,
          namespaces: records(access.namespaces),
          clusterGrants: records(access.clusterGrants),
          people: {
            totalCount: people.totalCount,
            nextOffset: people.nextOffset,
            membership: { ...people.membership },
            items: people.items.map(p => {
              const name = p.user.displayName ?? p.user.id;
              return {
                name,
                userPrincipalName: p.user.userPrincipalName,
                entityRef: p.user.entityRef,
                highestLevel: p.highestLevel,
                customRoles: p.customRoles,
                namespaces: p.namespaces.map(ns => ({
                  cluster: ns.cluster,
                  namespace: ns.namespace,
                  level: ns.level,
                  customRoles: ns.customRoles,
                  paths: ns.paths.map(path => pathSummary(name, path)),
                })),
              };
            }),
          },
        },
      };
    },
  });

  registry.register({
    name: 'check-access',
    title: 'Check whether a principal may do something in a namespace',
    description:
      'Asks the AKS cluster itself (a SubjectAccessReview, so Azure RBAC counts on azure-rbac clusters) whether a catalog user or group, or an Entra object id, may perform a verb on a resource in a namespace. A user is checked with all its Entra groups, nested ones included; the answer names the grants that reach it and through which groups.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          cluster: i.cluster(z),
          namespace: z
            .string()
            .describe('Kubernetes namespace')
            .superRefine(refineWith(namespaceNameSchema)),
          principal: i.principal(z),
          verb: z
            .string()
            .describe('Kubernetes verb, e.g. get, list, create, delete')
            .superRefine(refineWith(kubernetesVerbSchema)),
          resource: z
            .string()
            .describe('Kubernetes resource, plural, e.g. pods, deployments')
            .superRefine(refineWith(kubernetesResourceSchema)),
          group: z
            .string()
            .describe('API group of the resource, e.g. apps; empty for core')
            .superRefine(refineWith(kubernetesApiGroupSchema))
            .optional(),
        }),
      output: z =>
        z.object({
          allowed: z.boolean(),
          reason: z.string(),
          principal: z.object({}).passthrough().optional(),
          paths: z
            .array(z.string())
            .describe('The grants in the namespace that reach the principal'),
        }),
    },
    action: async ({ input }) => {
      const review = await queries.checkAccess(input);
      const who =
        review.principal?.displayName ??
        review.principal?.id ??
        input.principal;
      return {
        output: {
          allowed: review.allowed,
          reason: review.reason,
          principal: review.principal && { ...review.principal },
          paths: (review.paths ?? []).map(p => pathSummary(who, p)),
        },
      };
    },
  });

  registry.register({
    name: 'cluster-posture',
    title: 'AKS cluster posture and findings',
    description:
      'The configured AKS clusters with their authorization mode, posture (Entra integration, Azure RBAC, local accounts, OIDC issuer, workload identity) and posture findings. With an entityRef, also the findings on that entity’s namespaces: drift, broken workload identity links, over-broad grants, overdue reviews.',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ entityRef: i.entityRef(z).optional() }),
      output: z =>
        z.object({
          clusters: z.array(
            open(z, {
              name: z.string(),
              environment: z.string(),
              authorizationMode: z.string(),
            }),
          ),
          findings: z.array(
            open(z, {
              severity: z.string(),
              kind: z.string(),
              title: z.string(),
              remediation: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const clusters = queries.clusters();
      const findings = input.entityRef
        ? (await queries.entityAccess(credentials, input.entityRef)).findings
        : clusters.flatMap(c => c.findings);
      return {
        output: { clusters: records(clusters), findings: records(findings) },
      };
    },
  });

  registry.register({
    name: 'workload-identities',
    title: 'An entity’s workload identities, checked end to end',
    description:
      'For a catalog entity, every ServiceAccount in its namespaces that uses Azure workload identity, with the chain ServiceAccount → managed identity → federated identity credentials → Azure role assignments, and what is broken in it (issuer, subject or audience mismatch, missing identity, missing FIC).',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ entityRef: i.entityRef(z) }),
      output: z =>
        z.object({
          identities: z.array(
            open(z, {
              cluster: z.string(),
              namespace: z.string(),
              serviceAccount: z.string(),
              clientId: z.string(),
              health: z.object({}).passthrough(),
            }),
          ),
          findings: z.array(z.object({}).passthrough()),
        }),
    },
    action: async ({ input, credentials }) => {
      const view = await queries.entityAccess(credentials, input.entityRef);
      return {
        output: {
          identities: records(view.identities),
          findings: records(
            view.findings.filter(
              f => f.kind === 'broken-link' || f.kind === 'fic-limit',
            ),
          ),
        },
      };
    },
  });
  const namespaceFields = (z: ActionZod) => ({
    cluster: z
      .string()
      .optional()
      .describe('One cluster; with namespace, one namespace'),
    namespace: z
      .string()
      .optional()
      .describe('One of the entity’s namespaces (needs cluster)'),
  });

  registry.register({
    name: 'who-can',
    title: 'Who can do something in an entity’s namespaces',
    description:
      'Who may perform a Kubernetes verb on a resource (e.g. get secrets, create pods/exec) in a catalog entity’s namespaces, through Kubernetes RBAC and Azure RBAC alike and through nested Entra groups: the people with the grant and group path that gives each of them the permission, the ServiceAccounts (with the Azure identity they federate with), and grants that reach no one person (system groups, the local admin account). Answered from the backend’s index, as a SubjectAccessReview would. People are paged; raise offset for more.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: i.entityRef(z),
          verb: z
            .string()
            .describe(
              'Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection, impersonate, bind, escalate, use, or *',
            ),
          resource: z
            .string()
            .describe(
              'Kubernetes resource, plural, optionally with a subresource: secrets, pods/exec, rolebindings, or *',
            ),
          name: z
            .string()
            .optional()
            .describe('One object’s name, for rules limited by resourceNames'),
          ...namespaceFields(z),
          limit: z.number().int().min(1).max(PEOPLE_PAGE_MAX).optional(),
          offset: z.number().int().min(0).optional(),
        }),
      output: z =>
        z.object({
          totalPeople: z.number(),
          nextOffset: z.number().optional(),
          people: z.array(
            z.object({
              name: z.string(),
              entityRef: z.string().optional(),
              userPrincipalName: z.string().optional(),
              platformAdmin: z.boolean(),
              paths: z
                .array(z.string())
                .describe(
                  'How the person gets the permission, one per grant, by namespace',
                ),
            }),
          ),
          workloadIdentities: z.array(z.object({}).passthrough()),
          others: z.array(z.object({}).passthrough()),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...query } = input;
      const answer = await queries.entityWhoCan(credentials, entityRef, query);
      return {
        output: {
          totalPeople: answer.totalPeople,
          nextOffset: answer.nextOffset,
          people: answer.people.map(p => {
            const name = p.user.displayName ?? p.user.id;
            return {
              name,
              entityRef: p.user.entityRef,
              userPrincipalName: p.user.userPrincipalName,
              platformAdmin: p.platformAdmin,
              paths: p.namespaces.flatMap(ns =>
                ns.paths.map(
                  path =>
                    `${ns.cluster}/${ns.namespace}: ${pathSummary(name, path)}`,
                ),
              ),
            };
          }),
          workloadIdentities: records(answer.workloadIdentities),
          others: records(answer.others),
        },
      };
    },
  });

  registry.register({
    name: 'what-can',
    title: 'What a principal can do in a namespace',
    description:
      'The matrix of Kubernetes resources × verbs a catalog user or group (or an Entra object id) may perform in one of an entity’s namespaces, through Kubernetes RBAC, Azure RBAC and nested Entra groups, with the paths that allow each cell.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: i.entityRef(z),
          principal: z
            .string()
            .describe(
              'A catalog user or group ref (user:default/frank) or an Entra object id',
            ),
          cluster: z.string().describe('The cluster'),
          namespace: z.string().describe('One of the entity’s namespaces'),
        }),
      output: z =>
        z.object({
          principal: z.object({}).passthrough(),
          verbs: z.array(z.string()),
          rows: z.array(
            z.object({
              resource: z.string(),
              allowed: z
                .array(z.string())
                .describe('The verbs allowed on the resource'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...query } = input;
      const matrix = await queries.entityWhatCan(credentials, entityRef, query);
      return {
        output: {
          principal: { ...matrix.principal },
          verbs: [...matrix.verbs],
          rows: matrix.rows.map(r => ({
            resource: r.resource,
            allowed: r.cells.filter(c => c.allowed).map(c => c.verb),
          })),
        },
      };
    },
  });

  registry.register({
    name: 'sensitive-permissions',
    title: 'Sensitive permissions in an entity’s namespaces',
    description:
      'Who can read Secrets, exec or attach into pods, port-forward, create pods, create or change RoleBindings, escalate, bind, impersonate or use * in a catalog entity’s namespaces, each as a finding with the principal, the path and the fix; platform admins are listed as expected rather than flagged.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({ entityRef: i.entityRef(z), ...namespaceFields(z) }),
      output: z =>
        z.object({
          findings: z.array(z.object({}).passthrough()),
          expected: z.array(z.object({}).passthrough()),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...query } = input;
      const answer = await queries.entitySensitivePermissions(
        credentials,
        entityRef,
        query,
      );
      return {
        output: {
          findings: records(answer.findings),
          expected: records(answer.expected),
        },
      };
    },
  });
}
