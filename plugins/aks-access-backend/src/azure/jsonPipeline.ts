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
 * JSON requests through the Azure SDK's own pipeline (retries, throttling,
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

  get(
    url: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }> {
    return this.send('GET', url, undefined, headers);
  }

  post(url: string, body: object): Promise<{ status: number; body: any }> {
    return this.send('POST', url, body, {
      'Content-Type': 'application/json',
    });
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    body: object | undefined,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const request = createPipelineRequest({ url, method });
    for (const [name, value] of Object.entries(headers))
      request.headers.set(name, value);
    if (body) request.body = JSON.stringify(body);
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    return {
      status: response.status,
      body: response.bodyAsText ? JSON.parse(response.bodyAsText) : {},
    };
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
