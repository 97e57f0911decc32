import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  Pipeline,
} from '@azure/core-rest-pipeline';

/**
 * GETs of JSON through the Azure SDK's own pipeline (retries, throttling,
 * bearer tokens), for the few calls no generated client covers: the
 * managedClusters api-version we pin, and Microsoft Graph.
 */
export class JsonPipeline {
  readonly pipeline: Pipeline;
  private readonly httpClient = createDefaultHttpClient();

  constructor(options: {
    credential: TokenCredential;
    scope: string;
    agent?: Agent;
  }) {
    this.pipeline = createPipelineFromOptions({ agent: options.agent });
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential: options.credential,
        scopes: options.scope,
      }),
    );
  }

  async get(url: string): Promise<{ status: number; body: any }> {
    const response = await this.pipeline.sendRequest(
      this.httpClient,
      createPipelineRequest({ url, method: 'GET' }),
    );
    const body = response.bodyAsText ? JSON.parse(response.bodyAsText) : {};
    return { status: response.status, body };
  }
}

/** An error that carries the upstream status, as the SDKs' RestError does, for retry and describeError. */
export function upstreamError(
  what: string,
  status: number,
  body: { error?: { code?: string; message?: string } },
): Error {
  return Object.assign(
    new Error(
      `${what}: ${status} ${body.error?.code ?? ''} ${
        body.error?.message ?? ''
      }`.trim(),
    ),
    { statusCode: status },
  );
}
