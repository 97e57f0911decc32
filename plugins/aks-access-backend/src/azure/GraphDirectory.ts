import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  HttpClient,
  Pipeline,
} from '@azure/core-rest-pipeline';
import { isGuid } from '@aks-access/plugin-aks-access-common';

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
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient = createDefaultHttpClient();

  constructor(
    private readonly options: {
      credential: TokenCredential;
      endpoint: string;
      agent?: Agent;
    },
  ) {
    this.pipeline = createPipelineFromOptions({ agent: options.agent });
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential: options.credential,
        scopes: GRAPH_SCOPE,
      }),
    );
  }

  /** The user, group or service principal with the id; undefined when Graph says 404. */
  async getDirectoryObject(
    objectId: string,
  ): Promise<DirectoryObject | undefined> {
    // The id goes into a URL path: only a GUID may.
    if (!isGuid(objectId)) return undefined;
    const base = this.options.endpoint.replace(/\/$/, '');
    const request = createPipelineRequest({
      url: `${base}/v1.0/directoryObjects/${objectId.toLowerCase()}?$select=id,displayName,userPrincipalName`,
      method: 'GET',
    });
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    if (response.status === 404) return undefined;
    const body = response.bodyAsText ? JSON.parse(response.bodyAsText) : {};
    if (response.status !== 200) {
      throw Object.assign(
        new Error(
          `Microsoft Graph GET directoryObjects/${objectId}: ${
            response.status
          } ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim(),
        ),
        { statusCode: response.status },
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
