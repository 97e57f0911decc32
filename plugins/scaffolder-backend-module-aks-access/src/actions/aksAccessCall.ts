import {
  AKS_ACCESS_PLUGIN_ID,
  AksAccessClient,
  type Change,
  type WriteResponse,
} from '@aks-access/plugin-aks-access-common';
import { ResponseError } from '@backstage/errors';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';

export interface AksAccessActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

type CallContext = Pick<
  ActionContext<JsonObject>,
  'checkpoint' | 'getInitiatorCredentials' | 'isDryRun' | 'logger'
>;

export interface AksAccessCall<T> {
  /** Identifies the call within a task: every input that makes it distinct. */
  key: string;
  send(
    client: AksAccessClient,
    request: { dryRun: boolean; token: string },
  ): Promise<T>;
}

export function describeChange(change: Change): string {
  const name = change.namespace
    ? `${change.namespace}/${change.name}`
    : change.name;
  const where = change.cluster ? ` on ${change.cluster}` : '';
  const id = change.id ? ` (${change.id})` : '';
  return `${change.action} ${change.kind} ${name}${where}${id}`;
}

/**
 * ResponseError's own message is only the HTTP status; the task log must show
 * the server's, which names the rule that refused the request.
 */
function explainRefusal(error: unknown): never {
  if (!ResponseError.is(error)) throw error;
  throw new Error(
    `${error.cause.message} (aks-access answered ${error.statusCode} ${error.statusText})`,
    { cause: error },
  );
}

/**
 * In a template's dry run, an earlier step's namespace is only planned, so a
 * later step on it finds no namespace: the answer to that step is that it is
 * checked when the template runs, not a failed dry run. Any other refusal
 * still fails it.
 */
function namespaceOnlyPlanned(error: unknown): string | undefined {
  if (!ResponseError.is(error) || error.statusCode !== 404) return undefined;
  const { message } = error.body.error;
  return /^Namespace \S+ does not exist on \S+; onboard it first$/.test(message)
    ? message
    : undefined;
}

/**
 * Returns how every action talks to the REST API: with a token for the task's
 * initiator, so a template can do nothing its user could not do through the
 * API; at most once per task, so a resumed task does not repeat a finished
 * step; and with the plan written to the task log.
 */
export function createAksAccessCaller({
  discovery,
  auth,
}: AksAccessActionOptions) {
  const client = new AksAccessClient({ discoveryApi: discovery });

  return async function callAksAccess<T extends WriteResponse>(
    ctx: CallContext,
    { key, send }: AksAccessCall<T>,
  ): Promise<T> {
    const dryRun = ctx.isDryRun === true;
    // A dry run's plan must never stand in for the real call's result.
    const checkpointKey = dryRun ? `${key}:dry-run` : key;
    const result = await ctx.checkpoint({
      key: checkpointKey,
      fn: async () => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: AKS_ACCESS_PLUGIN_ID,
        });
        // Responses are plain JSON; the cast only satisfies checkpoint's JsonValue bound.
        return (await send(client, { dryRun, token }).catch(error => {
          const planned = dryRun ? namespaceOnlyPlanned(error) : undefined;
          if (!planned) return explainRefusal(error);
          ctx.logger.info(
            `dry run: ${planned.replace(
              /; onboard it first$/,
              '',
            )} yet; if an earlier step creates it, this step is checked when the template runs`,
          );
          return { changes: [] };
        })) as unknown as JsonObject;
      },
    });
    // The template engine refuses arrays from another realm (fetch parses
    // bodies in Node's own, which is not the one a vm-hosted runner uses), so
    // outputs are re-parsed here as plain JSON.
    const response = JSON.parse(JSON.stringify(result)) as T;
    const prefix = dryRun ? 'dry run: ' : '';
    for (const change of response.changes) {
      ctx.logger.info(`${prefix}${describeChange(change)}`);
    }
    return response;
  };
}
