import { randomUUID } from 'crypto';
import type { StateChange } from '../context';
import type { UserAssignedIdentityRecord } from '../state/types';
import { ArmError, invalidRequestContent, resourceNotFound } from './errors';
import { pageOf } from './paging';
import type { ArmRequest, ArmRoute } from './request';

const TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
const PAGE_SIZE = 100;

/** MSI writes ids with a lower-case `resourcegroups` segment, as the spec examples show. */
export function identityId(
  subscriptionId: string,
  resourceGroup: string,
  name: string,
): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/${TYPE}/${name}`;
}

export function findIdentity(
  req: ArmRequest,
  sub: string,
  rg: string,
  name: string,
) {
  return req.ctx.store.state.identities[
    identityId(sub, rg, name).toLowerCase()
  ];
}

/*
 * UserAssignedIdentityProperties per api-version (the spec files): tenantId,
 * principalId and clientId in all; isolationScope from 2024-11-30 (and in the
 * previews after it); assignmentRestrictions only in 2025-05-31-preview and
 * 2026-05-31 (2026-04-30 has isolationScope alone).
 */
const WITH_ISOLATION_SCOPE = new Set([
  '2024-11-30',
  '2025-01-31-preview',
  '2025-05-31-preview',
  '2026-04-30',
  '2026-05-31',
]);
const WITH_ASSIGNMENT_RESTRICTIONS = new Set([
  '2025-05-31-preview',
  '2026-05-31',
]);
const NEWEST = '2026-05-31';

/** An identity as the given api-version shows it (the newest by default). */
export function identityResource(
  i: UserAssignedIdentityRecord,
  apiVersion: string = NEWEST,
) {
  const version = apiVersion.toLowerCase();
  return {
    id: i.id,
    name: i.name,
    type: TYPE,
    location: i.location,
    tags: i.tags,
    properties: {
      tenantId: i.tenantId,
      principalId: i.principalId,
      clientId: i.clientId,
      ...(WITH_ISOLATION_SCOPE.has(version) ? { isolationScope: 'None' } : {}),
      ...(WITH_ASSIGNMENT_RESTRICTIONS.has(version)
        ? { assignmentRestrictions: { providers: [] } }
        : {}),
    },
  };
}

function parseTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'object' ||
    Object.values(value).some(v => typeof v !== 'string')
  ) {
    throw invalidRequestContent(
      "The request content was invalid and could not be deserialized: 'tags' must be an object of strings.",
    );
  }
  return value as Record<string, string>;
}

async function putIdentity(
  req: ArmRequest,
  sub: string,
  rg: string,
  name: string,
) {
  if (!NAME_PATTERN.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `Resource name '${name}' is invalid. The name can be between 3 and 128 characters long, contain only alphanumerics, hyphens and underscores, and must start with a letter or number.`,
    );
  }
  const body = (await req.body()) as
    | { location?: unknown; tags?: unknown }
    | undefined;
  if (typeof body?.location !== 'string' || !body.location) {
    throw new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.',
    );
  }
  const tags = parseTags(body.tags);
  const existing = findIdentity(req, sub, rg, name);
  if (existing) {
    if (existing.location.toLowerCase() !== body.location.toLowerCase()) {
      throw new ArmError(
        400,
        'InvalidResourceLocation',
        `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${body.location}'. Please select a new resource name.`,
      );
    }
    const updated = { ...existing, tags: tags ?? {} };
    await req.ctx.store.commit([
      { path: ['identities', existing.id.toLowerCase()], value: updated },
    ]);
    return { status: 200, body: identityResource(updated, req.apiVersion) };
  }
  const { state } = req.ctx.store;
  const id = identityId(sub, rg, name);
  const record: UserAssignedIdentityRecord = {
    id,
    name,
    location: body.location,
    subscriptionId: sub,
    resourceGroup: rg,
    tags: tags ?? {},
    clientId: randomUUID(),
    principalId: randomUUID(),
    tenantId: state.tenantId,
    federatedIdentityCredentials: [],
  };
  await req.ctx.store.commit([
    { path: ['identities', id.toLowerCase()], value: record },
    {
      path: ['directory', 'servicePrincipals'],
      value: [
        ...state.directory.servicePrincipals,
        {
          objectId: record.principalId,
          appId: record.clientId,
          displayName: name,
          createdAt: Date.now(),
          managedIdentityId: id,
        },
      ],
    },
  ]);
  return { status: 201, body: identityResource(record, req.apiVersion) };
}

async function patchIdentity(
  req: ArmRequest,
  sub: string,
  rg: string,
  name: string,
) {
  const existing = findIdentity(req, sub, rg, name);
  if (!existing) throw resourceNotFound(TYPE, name, rg);
  const body = (await req.body()) as { tags?: unknown } | undefined;
  const tags = parseTags(body?.tags);
  const updated = tags ? { ...existing, tags } : existing;
  await req.ctx.store.commit([
    { path: ['identities', existing.id.toLowerCase()], value: updated },
  ]);
  return { status: 200, body: identityResource(updated, req.apiVersion) };
}

/** Deleting an identity deletes its FICs and its service principal; role assignments stay behind, orphaned, as in Azure. */
async function deleteIdentity(
  req: ArmRequest,
  sub: string,
  rg: string,
  name: string,
) {
  const existing = findIdentity(req, sub, rg, name);
  if (!existing) return { status: 204 };
  const { state } = req.ctx.store;
  const changes: StateChange[] = [
    { path: ['identities', existing.id.toLowerCase()] },
    {
      path: ['directory', 'servicePrincipals'],
      value: state.directory.servicePrincipals.filter(
        sp => sp.objectId !== existing.principalId,
      ),
    },
  ];
  await req.ctx.store.commit(changes);
  return { status: 200 };
}

function listIdentities(req: ArmRequest, sub: string, rg?: string) {
  const items = Object.values(req.ctx.store.state.identities)
    .filter(i => i.subscriptionId.toLowerCase() === sub.toLowerCase())
    .filter(i => !rg || i.resourceGroup.toLowerCase() === rg.toLowerCase())
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(i => identityResource(i, req.apiVersion));
  return {
    status: 200,
    body: pageOf(items, req.url, {
      pageSize: PAGE_SIZE,
      tokenParam: '$skiptoken',
    }),
  };
}

const RG =
  '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities';

export const identityRoutes: ArmRoute[] = [
  {
    type: 'userAssignedIdentities',
    pattern: new RegExp(`^${RG}/([^/]+)$`, 'i'),
    operation: TYPE,
    methods: {
      PUT: (req, [, sub, rg, name]) => putIdentity(req, sub, rg, name),
      PATCH: (req, [, sub, rg, name]) => patchIdentity(req, sub, rg, name),
      DELETE: (req, [, sub, rg, name]) => deleteIdentity(req, sub, rg, name),
      async GET(req, [, sub, rg, name]) {
        const identity = findIdentity(req, sub, rg, name);
        if (!identity) throw resourceNotFound(TYPE, name, rg);
        return {
          status: 200,
          body: identityResource(identity, req.apiVersion),
        };
      },
    },
  },
  {
    type: 'userAssignedIdentities',
    pattern: new RegExp(`^${RG}$`, 'i'),
    operation: TYPE,
    collection: true,
    methods: { GET: async (req, [, sub, rg]) => listIdentities(req, sub, rg) },
  },
  {
    type: 'userAssignedIdentities',
    pattern:
      /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities$/i,
    operation: TYPE,
    collection: true,
    methods: { GET: async (req, [, sub]) => listIdentities(req, sub) },
  },
];
