import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { JsonPipeline, upstreamError } from './jsonPipeline';
import type { ManagedCluster } from './managedCluster';

const MANAGED_CLUSTERS_API_VERSION = '2025-10-01';

export interface ArmClientsOptions {
  credential: TokenCredential;
  endpoint: string;
  agent?: Agent;
}

/** Counts ARM calls, so the benchmark can show what a refresh costs. */
export interface ArmCallCounter {
  armCalls: number;
}

/**
 * The ARM clients, one per subscription, sharing the backend's credential.
 * The write path uses the same instances.
 */
export class ArmClients implements ArmCallCounter {
  armCalls = 0;
  private readonly authorization = new Map<
    string,
    AuthorizationManagementClient
  >();
  private readonly msi = new Map<string, ManagedServiceIdentityClient>();
  private readonly containerService = new Map<string, ContainerServiceClient>();
  private readonly records: JsonPipeline;
  private readonly callCounter: PipelinePolicy = {
    name: 'aksAccessCallCounter',
    sendRequest: (request, next) => {
      this.armCalls++;
      return next(request);
    },
  };

  constructor(readonly options: ArmClientsOptions) {
    this.records = new JsonPipeline({ ...options, scope: this.scope });
    this.records.pipeline.addPolicy(this.callCounter, { afterPhase: 'Retry' });
  }

  private get scope() {
    return `${this.options.endpoint.replace(/\/$/, '')}/.default`;
  }

  private get clientOptions() {
    return {
      endpoint: this.options.endpoint,
      agent: this.options.agent,
      additionalPolicies: [
        { policy: this.callCounter, position: 'perRetry' as const },
      ],
    };
  }

  authorizationFor(subscriptionId: string): AuthorizationManagementClient {
    return this.perSubscription(
      this.authorization,
      subscriptionId,
      () =>
        new AuthorizationManagementClient(
          this.options.credential,
          subscriptionId,
          this.clientOptions,
        ),
    );
  }

  msiFor(subscriptionId: string): ManagedServiceIdentityClient {
    return this.perSubscription(
      this.msi,
      subscriptionId,
      () =>
        new ManagedServiceIdentityClient(
          this.options.credential,
          subscriptionId,
          this.clientOptions,
        ),
    );
  }

  containerServiceFor(subscriptionId: string): ContainerServiceClient {
    return this.perSubscription(
      this.containerService,
      subscriptionId,
      () =>
        new ContainerServiceClient(this.options.credential, subscriptionId, {
          ...this.clientOptions,
          credentials: { scopes: [this.scope] },
        }),
    );
  }

  private perSubscription<T>(
    clients: Map<string, T>,
    subscriptionId: string,
    create: () => T,
  ): T {
    let client = clients.get(subscriptionId);
    if (!client) {
      client = create();
      clients.set(subscriptionId, client);
    }
    return client;
  }

  /** The cluster's record by its canonical ARM id (clusterArmId). */
  async getManagedCluster(path: string): Promise<ManagedCluster> {
    const { status, body } = await this.records.get(
      `${this.options.endpoint.replace(
        /\/$/,
        '',
      )}${path}?api-version=${MANAGED_CLUSTERS_API_VERSION}`,
    );
    if (status !== 200) throw upstreamError(`ARM GET ${path}`, status, body);
    return body as ManagedCluster;
  }
}
