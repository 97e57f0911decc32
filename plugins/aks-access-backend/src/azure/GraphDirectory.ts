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

  /** The user, group or service principal with the id; undefined when Graph says 404. */
  async getDirectoryObject(
    objectId: string,
  ): Promise<DirectoryObject | undefined> {
    // The id goes into a URL path: only a GUID may.
    if (!isGuid(objectId)) return undefined;
    const base = this.options.endpoint.replace(/\/$/, '');
    const { status, body } = await this.graph.get(
      `${base}/v1.0/directoryObjects/${objectId.toLowerCase()}?$select=id,displayName,userPrincipalName`,
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
