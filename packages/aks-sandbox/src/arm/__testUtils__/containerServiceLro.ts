/*
 * The ManagedNamespaces operations as @azure/arm-containerservice drives
 * them: a core-client ServiceClient sending the generated OperationSpecs,
 * and core-lro's createHttpPoller over the generated createLroSpec (the
 * SDK's src/operations/managedNamespaces.ts and src/lroImpl.ts), so the
 * sandbox's long-running operations are tested against the machinery the
 * real SDK polls with. The sandbox does not depend on the SDK itself.
 */
// The SDK's own runtime dependencies, present wherever an Azure SDK client is (the sandbox's devDependencies bring them).
/* eslint-disable @backstage/no-undeclared-imports */
import type { TokenCredential } from '@azure/core-auth';
import {
  createSerializer,
  type FullOperationResponse,
  type OperationArguments,
  type OperationParameter,
  type OperationQueryParameter,
  type OperationSpec,
  type OperationURLParameter,
  ServiceClient,
} from '@azure/core-client';
import {
  createHttpPoller,
  type LongRunningOperation,
  type LroResponse,
} from '@azure/core-lro';
/* eslint-enable @backstage/no-undeclared-imports */
import type { Agent } from 'https';

const serializer = createSerializer({}, false);
const string = (name: string): OperationURLParameter => ({
  parameterPath: name,
  mapper: { serializedName: name, required: true, type: { name: 'String' } },
});
const apiVersion = (version: string): OperationQueryParameter => ({
  parameterPath: 'apiVersion',
  mapper: {
    defaultValue: version,
    isConstant: true,
    serializedName: 'api-version',
    type: { name: 'String' },
  },
});
const body: OperationParameter = {
  parameterPath: 'parameters',
  mapper: { serializedName: 'parameters', type: { name: 'Object' } },
};
const anyBody = {
  bodyMapper: { serializedName: 'body', type: { name: 'Object' } },
} as const;
const PATH =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/managedNamespaces/{managedNamespaceName}';

export class ManagedNamespacesClient {
  private readonly client: ServiceClient;
  private readonly specs: Record<
    'createOrUpdate' | 'delete' | 'get' | 'list' | 'listNext',
    OperationSpec
  >;

  constructor(
    credential: TokenCredential,
    private readonly subscriptionId: string,
    options: { endpoint: string; agent: Agent; apiVersion?: string },
  ) {
    this.client = new ServiceClient({
      credential,
      endpoint: options.endpoint,
      agent: options.agent,
    });
    const common = {
      queryParameters: [apiVersion(options.apiVersion ?? '2026-08-01')],
      urlParameters: [
        string('subscriptionId'),
        string('resourceGroupName'),
        string('resourceName'),
        string('managedNamespaceName'),
      ],
      serializer,
    };
    this.specs = {
      createOrUpdate: {
        ...common,
        path: PATH,
        httpMethod: 'PUT',
        responses: {
          200: anyBody,
          201: anyBody,
          202: anyBody,
          204: anyBody,
          default: anyBody,
        },
        requestBody: body,
        mediaType: 'json',
      },
      delete: {
        ...common,
        path: PATH,
        httpMethod: 'DELETE',
        responses: { 200: {}, 201: {}, 202: {}, 204: {}, default: anyBody },
      },
      get: {
        ...common,
        path: PATH,
        httpMethod: 'GET',
        responses: { 200: anyBody, default: anyBody },
      },
      list: {
        ...common,
        path: PATH.replace('/{managedNamespaceName}', ''),
        httpMethod: 'GET',
        responses: { 200: anyBody, default: anyBody },
      },
      listNext: {
        ...common,
        queryParameters: [],
        urlParameters: [string('nextLink')].map(p => ({
          ...p,
          skipEncoding: true,
        })),
        path: '{nextLink}',
        httpMethod: 'GET',
        responses: { 200: anyBody, default: anyBody },
      },
    };
  }

  /** The generated code's sendOperationFn: the flat response plus the raw one the poller reads. */
  private async send(
    args: OperationArguments,
    spec: OperationSpec,
  ): Promise<LroResponse<any>> {
    let raw: FullOperationResponse | undefined;
    const flatResponse = await this.client.sendOperationRequest(
      { ...args, options: { ...args.options, onResponse: r => (raw = r) } },
      spec,
    );
    return {
      flatResponse,
      rawResponse: {
        statusCode: raw!.status,
        body: raw!.parsedBody,
        headers: raw!.headers.toJSON(),
      },
    };
  }

  /** The generated createLroSpec. */
  private lro(
    args: OperationArguments,
    spec: OperationSpec,
  ): LongRunningOperation<any> {
    return {
      requestMethod: spec.httpMethod,
      requestPath: spec.path!,
      sendInitialRequest: () => this.send(args, spec),
      sendPollRequest: (path, options) => {
        const { requestBody, ...rest } = spec;
        return this.send(args, {
          ...rest,
          httpMethod: 'GET',
          path,
          abortSignal: options?.abortSignal,
        } as OperationSpec);
      },
    };
  }

  private args(rg: string, cluster: string, name: string, extra = {}) {
    return {
      subscriptionId: this.subscriptionId,
      resourceGroupName: rg,
      resourceName: cluster,
      managedNamespaceName: name,
      ...extra,
    };
  }

  /** beginCreateOrUpdate: the poller after its first poll, as the SDK returns it. */
  async beginCreateOrUpdate(
    rg: string,
    cluster: string,
    name: string,
    parameters: unknown,
  ) {
    const poller = await createHttpPoller(
      this.lro(
        this.args(rg, cluster, name, { parameters }),
        this.specs.createOrUpdate,
      ),
      {},
    );
    await poller.poll();
    return poller;
  }

  async beginCreateOrUpdateAndWait(
    rg: string,
    cluster: string,
    name: string,
    parameters: unknown,
  ): Promise<any> {
    return (
      await this.beginCreateOrUpdate(rg, cluster, name, parameters)
    ).pollUntilDone();
  }

  async beginDeleteAndWait(
    rg: string,
    cluster: string,
    name: string,
  ): Promise<any> {
    const poller = await createHttpPoller(
      this.lro(this.args(rg, cluster, name), this.specs.delete),
      {},
    );
    await poller.poll();
    return poller.pollUntilDone();
  }

  get(rg: string, cluster: string, name: string): Promise<any> {
    return this.client.sendOperationRequest(
      this.args(rg, cluster, name),
      this.specs.get,
    );
  }

  /** listByManagedCluster, following nextLink page by page. */
  async listByManagedCluster(
    rg: string,
    cluster: string,
  ): Promise<{ pages: number; items: any[] }> {
    const args = this.args(rg, cluster, '');
    let page: any = await this.client.sendOperationRequest(
      args,
      this.specs.list,
    );
    const items = [...page.value];
    let pages = 1;
    while (page.nextLink) {
      page = await this.client.sendOperationRequest(
        { ...args, nextLink: page.nextLink },
        this.specs.listNext,
      );
      items.push(...page.value);
      pages += 1;
    }
    return { pages, items };
  }
}
