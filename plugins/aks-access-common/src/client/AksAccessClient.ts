import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  AccessRequestListResponse,
  AccessRequestState,
  AccessRequestResponse,
  CheckAccessResponse,
  GrantReviewResponse,
  AuditListResponse,
  ClustersResponse,
  DryRunOptions,
  EntityAccessResponse,
  EntityPeopleResponse,
  EntityViewerResponse,
  FederateWorkloadIdentityResponse,
  GrantResponse,
  HealthResponse,
  OffboardNamespaceOptions,
  OffboardNamespaceResponse,
  OnboardNamespaceResponse,
  RemoveWorkloadIdentityResponse,
  RevokeGrantResponse,
} from '../api/types';
import { AKS_ACCESS_PLUGIN_ID } from '../constants';
import { AksAccessOperationName, aksAccessOperations } from '../api/operations';
import type {
  AccessRequestInput,
  GrantReviewInput,
} from '../schemas/accessRequests';
import type {
  CheckAccessRequest,
  FederateWorkloadIdentityRequest,
  GrantRequest,
  OnboardNamespaceRequest,
} from '../schemas/operations';
import type { PeopleQuery } from '../schemas/people';
import type {
  SensitivePermissionsResponse,
  WhatCanResponse,
  WhoCanResponse,
} from '../api/effectivePermissions';
import type {
  SensitivePermissionsQuery,
  WhatCanQuery,
  WhoCanQuery,
} from '../schemas/whoCan';
import type { AuditListQuery } from '../schemas/audit';

/** Structurally Backstage's DiscoveryApi / DiscoveryService. */
export interface AksAccessDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

export interface AksAccessClientOptions {
  discoveryApi: AksAccessDiscovery;
  /** Backstage's FetchApi in the frontend, which adds the user's token itself. */
  fetchApi?: { fetch: typeof fetch };
}

export interface RequestOptions {
  /**
   * Sent as `Authorization: Bearer`; backend callers such as the scaffolder
   * pass the task initiator's token so the call is authorized as that user.
   */
  token?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

const segment = encodeURIComponent;

/** `/entities/:kind/:namespace/:name`, kind and namespace lower-cased as the catalog compares them. */
function entityPath(entity: string | CompoundEntityRef): string {
  const { kind, namespace, name } =
    typeof entity === 'string' ? parseEntityRef(entity) : entity;
  return `/entities/${segment(kind.toLocaleLowerCase('en-US'))}/${segment(
    namespace.toLocaleLowerCase('en-US'),
  )}/${segment(name)}`;
}

/** Typed client of the aks-access REST API (DESIGN §5). */
export class AksAccessClient {
  private readonly discoveryApi: AksAccessDiscovery;
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: AksAccessClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  health(options?: RequestOptions): Promise<HealthResponse> {
    return this.request('GET', '/health', options);
  }

  getClusters(options?: RequestOptions): Promise<ClustersResponse> {
    return this.request('GET', '/clusters', options);
  }

  getEntityAccess(
    entity: string | CompoundEntityRef,
    options?: RequestOptions,
  ): Promise<EntityAccessResponse> {
    return this.request('GET', `${entityPath(entity)}/access`, options);
  }

  /** The signed-in user's side of the entity: ownership, approval, reach and what they may request. */
  getEntityViewer(
    entity: string | CompoundEntityRef,
    options?: RequestOptions,
  ): Promise<EntityViewerResponse> {
    return this.request('GET', `${entityPath(entity)}/viewer`, options);
  }

  /** Every user who can reach the entity's namespaces, with the paths that give it. */
  getEntityPeople(
    entity: string | CompoundEntityRef,
    query: PeopleQuery & RequestOptions = {},
  ): Promise<EntityPeopleResponse> {
    const { token, ...rest } = query;
    return this.request('GET', `${entityPath(entity)}/people`, {
      token,
      query: rest as Query,
    });
  }

  /** Who may make a request (e.g. get secrets, create pods/exec) in the entity's namespaces, with the paths that give it. */
  getEntityWhoCan(
    entity: string | CompoundEntityRef,
    query: WhoCanQuery & RequestOptions,
  ): Promise<WhoCanResponse> {
    const { token, ...rest } = query;
    return this.request('GET', `${entityPath(entity)}/who-can`, {
      token,
      query: rest as Query,
    });
  }

  /** What a user or group may do in one of the entity's namespaces: resources × verbs. */
  getEntityWhatCan(
    entity: string | CompoundEntityRef,
    query: WhatCanQuery & RequestOptions,
  ): Promise<WhatCanResponse> {
    const { token, ...rest } = query;
    return this.request('GET', `${entityPath(entity)}/what-can`, {
      token,
      query: rest as Query,
    });
  }

  /** Who holds sensitive permissions (Secrets, exec, RoleBindings, escalate, ...) in the entity's namespaces. */
  getEntitySensitivePermissions(
    entity: string | CompoundEntityRef,
    query: SensitivePermissionsQuery & RequestOptions = {},
  ): Promise<SensitivePermissionsResponse> {
    const { token, ...rest } = query;
    return this.request('GET', `${entityPath(entity)}/sensitive-permissions`, {
      token,
      query: rest as Query,
    });
  }

  checkAccess(
    request: CheckAccessRequest,
    options?: RequestOptions,
  ): Promise<CheckAccessResponse> {
    return this.request('POST', '/access-reviews', {
      ...options,
      body: request,
    });
  }

  onboardNamespace(
    request: OnboardNamespaceRequest,
    options?: RequestOptions,
  ): Promise<OnboardNamespaceResponse> {
    return this.invoke('onboardNamespace', request, options);
  }

  offboardNamespace(
    cluster: string,
    namespace: string,
    options: OffboardNamespaceOptions & RequestOptions = {},
  ): Promise<OffboardNamespaceResponse> {
    const { token, ...query } = options;
    return this.invoke(
      'offboardNamespace',
      { cluster, namespace, ...query },
      { token },
    );
  }

  createGrant(
    request: GrantRequest,
    options?: RequestOptions,
  ): Promise<GrantResponse> {
    return this.invoke('createGrant', request, options);
  }

  revokeGrant(
    grantId: string,
    options: DryRunOptions & RequestOptions = {},
  ): Promise<RevokeGrantResponse> {
    const { token, dryRun } = options;
    return this.invoke('revokeGrant', { grantId, dryRun }, { token });
  }

  federateWorkloadIdentity(
    request: FederateWorkloadIdentityRequest,
    options?: RequestOptions,
  ): Promise<FederateWorkloadIdentityResponse> {
    return this.invoke('federateWorkloadIdentity', request, options);
  }

  removeWorkloadIdentity(
    cluster: string,
    namespace: string,
    serviceAccount: string,
    options: DryRunOptions & RequestOptions = {},
  ): Promise<RemoveWorkloadIdentityResponse> {
    const { token, dryRun } = options;
    return this.invoke(
      'removeWorkloadIdentity',
      { cluster, namespace, serviceAccount, dryRun },
      { token },
    );
  }

  /** Time-bound access for yourself or a group you belong to. */
  requestAccess(
    request: AccessRequestInput,
    options?: RequestOptions,
  ): Promise<AccessRequestResponse> {
    return this.invoke('requestAccess', request, options);
  }

  listAccessRequests(
    query: {
      entityRef?: string;
      state?: AccessRequestState;
      /** Only the caller's own requests. */
      mine?: boolean;
    } & RequestOptions = {},
  ): Promise<AccessRequestListResponse> {
    const { token, entityRef, state, mine } = query;
    return this.request('GET', '/access-requests', {
      token,
      query: { entityRef, state, mine: mine ? 'true' : undefined },
    });
  }

  approveAccessRequest(
    id: string,
    options: { comment?: string } & RequestOptions = {},
  ): Promise<AccessRequestResponse> {
    const { token, comment } = options;
    return this.invoke('approveAccessRequest', { id, comment }, { token });
  }

  denyAccessRequest(
    id: string,
    options: { comment?: string } & RequestOptions = {},
  ): Promise<AccessRequestResponse> {
    const { token, comment } = options;
    return this.invoke('denyAccessRequest', { id, comment }, { token });
  }

  /** Cancels a pending request, or ends an active one now. */
  cancelAccessRequest(
    id: string,
    options?: RequestOptions,
  ): Promise<AccessRequestResponse> {
    return this.invoke('cancelAccessRequest', { id }, options);
  }

  /** Recertification: keep or revoke many grants at once. */
  reviewGrants(
    request: GrantReviewInput,
    options?: RequestOptions,
  ): Promise<GrantReviewResponse> {
    return this.invoke('reviewGrants', request, options);
  }

  listAudit(
    options: AuditListQuery & RequestOptions = {},
  ): Promise<AuditListResponse> {
    const { entityRef, limit, token } = options;
    return this.request('GET', '/audit', {
      token,
      query: { entityRef, limit },
    });
  }

  /** A write operation as the operation table describes its route. */
  private invoke<T>(
    name: AksAccessOperationName,
    input: object,
    options: RequestOptions = {},
  ): Promise<T> {
    const { method, path, from } = aksAccessOperations[name];
    const rest: Record<string, unknown> = { ...input };
    const url = path.replace(/:(\w+)/g, (_, param: string) => {
      const value = rest[param];
      delete rest[param];
      return segment(String(value));
    });
    if (from === 'body') {
      return this.request(method, url, { ...options, body: input });
    }
    return from === 'pathAndBody'
      ? this.request(method, url, { ...options, body: rest })
      : this.request(method, url, { ...options, query: rest as Query });
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: RequestOptions & { body?: unknown; query?: Query } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(AKS_ACCESS_PLUGIN_ID);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();

    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined)
      headers['Content-Type'] = 'application/json';
    if (options.token) headers.Authorization = `Bearer ${options.token}`;

    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
      {
        method,
        headers,
        body:
          options.body === undefined ? undefined : JSON.stringify(options.body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
