import type { KubeObject } from '../state/types';

/*
 * `kubectl get` asks for `as=Table`: the server picks the columns. These are
 * the columns the real API server prints for each type.
 */

type Column = {
  name: string;
  type: string;
  format?: string;
  description: string;
  cell: (o: KubeObject) => unknown;
};

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: o => o.metadata.name,
};
const age: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: o => humanAge(o.metadata.creationTimestamp),
};

const COLUMNS: Record<string, Column[]> = {
  Namespace: [
    name,
    {
      name: 'Status',
      type: 'string',
      description: 'The status of the namespace',
      cell: o => (o.status as any)?.phase ?? 'Active',
    },
    age,
  ],
  ServiceAccount: [
    name,
    {
      name: 'Secrets',
      type: 'string',
      description: 'Secrets',
      cell: o => ((o.secrets as unknown[]) ?? []).length,
    },
    age,
  ],
  RoleBinding: [
    name,
    {
      name: 'Role',
      type: 'string',
      description: 'Role',
      cell: o => `${(o.roleRef as any)?.kind}/${(o.roleRef as any)?.name}`,
    },
    age,
  ],
  ClusterRoleBinding: [
    name,
    {
      name: 'Role',
      type: 'string',
      description: 'Role',
      cell: o => `${(o.roleRef as any)?.kind}/${(o.roleRef as any)?.name}`,
    },
    age,
  ],
  Role: [
    name,
    {
      name: 'Created At',
      type: 'string',
      format: 'date',
      description: 'Created At',
      cell: o => o.metadata.creationTimestamp,
    },
  ],
  ClusterRole: [
    name,
    {
      name: 'Created At',
      type: 'string',
      format: 'date',
      description: 'Created At',
      cell: o => o.metadata.creationTimestamp,
    },
  ],
};

export function humanAge(
  timestamp: string | undefined,
  now = Date.now(),
): string {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 365 * 2 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

function rowObject(o: KubeObject, includeObject: string | undefined) {
  if (includeObject === 'Object') return o;
  if (includeObject === 'None') return undefined;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}

export function toTable(
  kind: string,
  objects: KubeObject[],
  includeObject: string | undefined,
  listMeta: Record<string, unknown>,
) {
  const columns = COLUMNS[kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: 0,
    })),
    rows: objects.map(o => ({
      cells: columns.map(c => c.cell(o)),
      object: rowObject(o, includeObject),
    })),
  };
}
