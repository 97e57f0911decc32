import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { objectKey } from '../kubernetes/keys';
import { aggregateClusterRoles } from '../kubernetes/rbac';
import { typeByKind } from '../kubernetes/resources';
import type {
  ClusterState,
  KubeObject,
  RoleAssignmentRecord,
  SandboxState,
} from '../state/types';
import { uuidv5 } from './uuidv5';

/* Helpers the seeds share: keys, stored-object metadata, role assignments. */

const SEED_UID_NAMESPACE = '7d1c9a4e-2f7b-4c51-9a0e-5b3c8d2e6f10';
export const SEED_TIME = '2026-01-15T09:00:00Z';

export function rsaPrivateKeyPem(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Deterministic ids, so two seeds of one world agree. */
export function seedId(name: string): string {
  return uuidv5(name, SEED_UID_NAMESPACE);
}

/** Stores an object as the API server would have: uid, timestamp, resourceVersion. */
export function putObject(cluster: ClusterState, object: KubeObject): void {
  const type = typeByKind(object.apiVersion, object.kind);
  if (!type)
    throw new Error(
      `The seed uses an unserved kind ${object.apiVersion}/${object.kind}`,
    );
  if (type.kind === 'Namespace')
    putObject(cluster, defaultServiceAccount(object.metadata.name));
  cluster.resourceVersion += 1;
  const ns = type.namespaced ? object.metadata.namespace : undefined;
  const key = objectKey(type.group, type.resource, ns, object.metadata.name);
  cluster.objects[key] = {
    ...object,
    metadata: {
      ...object.metadata,
      uid: seedId(`${cluster.record.name}/${key}`),
      resourceVersion: String(cluster.resourceVersion),
      creationTimestamp: SEED_TIME,
    },
  };
}

/** Runs the aggregation controller over the seeded ClusterRoles until stable. */
export function aggregateSeededRoles(cluster: ClusterState): void {
  for (;;) {
    const roles = Object.entries(cluster.objects).filter(([k]) =>
      k.startsWith('rbac.authorization.k8s.io/clusterroles/'),
    );
    const changed = aggregateClusterRoles(roles.map(([, o]) => o));
    if (!changed.length) return;
    for (const role of changed) putObject(cluster, role);
  }
}

/** What the ServiceAccount controller puts in every namespace. */
export function defaultServiceAccount(ns: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: ns },
  };
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

type Subject = {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
};

export function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  ns: string | undefined,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Subject[],
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: {
      name,
      ...(ns ? { namespace: ns } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects: subjects.map(s =>
      s.kind === 'ServiceAccount'
        ? s
        : { apiGroup: 'rbac.authorization.k8s.io', ...s },
    ),
  };
}

export function roleDefinitionId(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function putRoleAssignment(
  state: SandboxState,
  assignment: Omit<RoleAssignmentRecord, 'id' | 'createdOn' | 'updatedOn'>,
): void {
  const id = `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment.name}`;
  state.roleAssignments[id.toLowerCase()] = {
    ...assignment,
    id,
    createdOn: SEED_TIME,
    updatedOn: SEED_TIME,
  };
}
