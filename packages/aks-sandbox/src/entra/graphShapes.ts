import { randomUUID } from 'crypto';
import type {
  DirectoryGroup,
  DirectoryUser,
  SandboxState,
  ServicePrincipal,
} from '../state/types';
import { findDirectoryObject, findGroup, findUser } from './directory';

/* Microsoft Graph's shapes: its entities as v1.0 writes them, and its errors. */

export const GRAPH_METADATA = 'https://graph.microsoft.com/v1.0/$metadata';

export type Entity = Record<string, unknown> & { id: string };

export function userEntity(u: DirectoryUser): Entity {
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: null,
    jobTitle: null,
    mail: u.userPrincipalName,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: u.userPrincipalName,
    id: u.objectId,
  };
}

export function groupEntity(g: DirectoryGroup): Entity {
  return {
    id: g.objectId,
    deletedDateTime: null,
    classification: null,
    description: null,
    displayName: g.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: g.displayName,
    securityEnabled: true,
    visibility: null,
  };
}

export function servicePrincipalEntity(sp: ServicePrincipal): Entity {
  return {
    id: sp.objectId,
    deletedDateTime: null,
    accountEnabled: true,
    appDisplayName: sp.displayName,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalType: sp.managedIdentityId
      ? 'ManagedIdentity'
      : 'Application',
  };
}

export type Found = {
  type: 'user' | 'group' | 'servicePrincipal';
  entity: Entity;
};

/** One lookup in the directory's index: a listing of 5,000 members makes 5,000 of these. */
export function findById(state: SandboxState, id: string): Found | undefined {
  const found = findDirectoryObject(state, id);
  if (found?.type === 'User')
    return { type: 'user', entity: userEntity(findUser(state, id)!) };
  if (found?.type === 'Group')
    return { type: 'group', entity: groupEntity(findGroup(state, id)!) };
  return found
    ? {
        type: 'servicePrincipal',
        entity: servicePrincipalEntity(found.servicePrincipal),
      }
    : undefined;
}

export function graphError(
  status: number,
  code: string,
  message: string,
  clientRequestId: string,
) {
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': randomUUID(),
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

/** `$select` applied as Graph does: only the named properties (case-insensitively), and the context names them. */
export function selected(
  entity: Entity,
  select: string | null,
): { body: Record<string, unknown>; selection: string } {
  if (!select) return { body: entity, selection: '' };
  const names = select
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const body: Record<string, unknown> = {};
  for (const name of names) {
    const key = Object.keys(entity).find(
      k => k.toLowerCase() === name.toLowerCase(),
    );
    if (key) body[key] = entity[key];
  }
  return { body, selection: `(${names.join(',')})` };
}
