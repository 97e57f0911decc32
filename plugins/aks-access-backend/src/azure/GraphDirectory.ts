import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { isGuid } from '@aks-access/plugin-aks-access-common';
import { JsonPipeline, upstreamError } from './jsonPipeline';

/** Graph's application permission scope: the same audience in every cloud's token service. */
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface DirectoryObject {
  kind: 'User' | 'Group' | 'ServicePrincipal';
  id: string;
  displayName?: string;
  userPrincipalName?: string;
}

/** A group as a delta round reports it: what changed in its direct members. */
export interface GroupDelta {
  id: string;
  displayName?: string;
  /** The group itself was deleted. */
  removed?: boolean;
  members: Array<{
    id: string;
    kind?: DirectoryObject['kind'];
    removed?: boolean;
  }>;
}

export interface UserDelta {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  removed?: boolean;
}

/** One delta round: every change page by page, and the link that asks for the next changes. */
export interface DeltaRound<T> {
  changes: T[];
  deltaLink: string;
  /** Graph requests the round took. */
  calls: number;
}

/** The largest page Graph serves for delta queries on directory objects. */
const DELTA_PAGE_SIZE = 999;

const KINDS = new Map<unknown, DirectoryObject['kind']>([
  ['#microsoft.graph.user', 'User'],
  ['#microsoft.graph.group', 'Group'],
  ['#microsoft.graph.servicePrincipal', 'ServicePrincipal'],
]);

/**
 * Principal lookups in Microsoft Graph. A raw object id in a grant is looked
 * up here before anything is written, so a GUID the directory does not know
 * is refused instead of creating a RoleBinding that ARM then refuses.
 */
export class GraphDirectory {
  private readonly graph: JsonPipeline;

  constructor(
    private readonly options: {
      credential: TokenCredential;
      endpoint: string;
      agent?: Agent;
    },
  ) {
    this.graph = new JsonPipeline({ ...options, scope: GRAPH_SCOPE });
  }

  /**
   * Group membership changes since `deltaLink`, or all of it without one
   * (Graph's delta query on groups, direct members only).
   */
  groupsDelta(deltaLink?: string): Promise<DeltaRound<GroupDelta>> {
    return this.deltaRound(
      deltaLink ??
        `${this.base()}/v1.0/groups/delta?$select=id,displayName,members`,
      (g: any): GroupDelta => ({
        id: String(g.id).toLowerCase(),
        displayName: g.displayName ?? undefined,
        removed: !!g['@removed'],
        members: (g['members@delta'] ?? []).map((m: any) => ({
          id: String(m.id).toLowerCase(),
          kind: KINDS.get(m['@odata.type']),
          removed: !!m['@removed'],
        })),
      }),
    );
  }

  /** User changes since `deltaLink`, or every user without one. */
  usersDelta(deltaLink?: string): Promise<DeltaRound<UserDelta>> {
    return this.deltaRound(
      deltaLink ??
        `${this.base()}/v1.0/users/delta?$select=id,displayName,userPrincipalName`,
      (u: any): UserDelta => ({
        id: String(u.id).toLowerCase(),
        displayName: u.displayName ?? undefined,
        userPrincipalName: u.userPrincipalName ?? undefined,
        removed: !!u['@removed'],
      }),
    );
  }

  /** Every security group the object is in, nested ones included, as its token's groups claim would list them. */
  async memberGroups(objectId: string): Promise<string[]> {
    if (!isGuid(objectId)) return [];
    const { status, body } = await this.graph.post(
      `${this.base()}/v1.0/directoryObjects/${objectId.toLowerCase()}/getMemberGroups`,
      { securityEnabledOnly: true },
    );
    if (status === 404) return [];
    if (status !== 200) {
      throw upstreamError(
        `Microsoft Graph POST directoryObjects/${objectId}/getMemberGroups`,
        status,
        body,
      );
    }
    return (body.value as string[]).map(id => id.toLowerCase());
  }

  private async deltaRound<T>(
    firstUrl: string,
    toChange: (value: unknown) => T,
  ): Promise<DeltaRound<T>> {
    const changes: T[] = [];
    let url = firstUrl;
    for (let calls = 1; ; calls++) {
      const { status, body } = await this.graph.get(this.onGraph(url), {
        Prefer: `odata.maxpagesize=${DELTA_PAGE_SIZE}`,
      });
      if (status !== 200) {
        throw upstreamError(
          `Microsoft Graph GET ${new URL(url).pathname}`,
          status,
          body,
        );
      }
      for (const value of body.value ?? []) changes.push(toChange(value));
      if (body['@odata.deltaLink'])
        return { changes, deltaLink: body['@odata.deltaLink'], calls };
      if (!body['@odata.nextLink'])
        throw new Error('Microsoft Graph ended a delta round without a link');
      url = body['@odata.nextLink'];
    }
  }

  /**
   * A link Graph handed back is followed only on Graph's own origin: the
   * pipeline would send it the backend's token.
   */
  private onGraph(link: string): string {
    const url = new URL(link);
    if (url.origin !== new URL(this.base()).origin) {
      throw new Error(
        `Microsoft Graph returned a link off its origin (${url.origin}); not followed`,
      );
    }
    return url.toString();
  }

  private base(): string {
    return this.options.endpoint.replace(/\/$/, '');
  }

  /** The user, group or service principal with the id; undefined when Graph says 404. */
  async getDirectoryObject(
    objectId: string,
  ): Promise<DirectoryObject | undefined> {
    // The id goes into a URL path: only a GUID may.
    if (!isGuid(objectId)) return undefined;
    const { status, body } = await this.graph.get(
      `${this.base()}/v1.0/directoryObjects/${objectId.toLowerCase()}?$select=id,displayName,userPrincipalName`,
    );
    if (status === 404) return undefined;
    if (status !== 200) {
      throw upstreamError(
        `Microsoft Graph GET directoryObjects/${objectId}`,
        status,
        body,
      );
    }
    const kind = KINDS.get(body['@odata.type']);
    if (!kind) return undefined;
    return {
      kind,
      id: String(body.id).toLowerCase(),
      displayName: body.displayName ?? undefined,
      userPrincipalName: body.userPrincipalName ?? undefined,
    };
  }
}
