import { randomUUID } from 'crypto';
import type { SandboxContext, StateChange } from '../context';
import type { ArmOperationRecord } from '../state/types';
import { ArmError } from './errors';
import { subscriptionOf } from './scopes';
import type { ArmRequest, ArmResponse, ArmRoute } from './request';

/*
 * ARM's asynchronous operations, as a long-running PUT or DELETE hands them
 * out (Azure/azure-resource-manager-rpc, v1.0/Addendum.md, "Asynchronous
 * Operations" and "Operation Resource format"): the Azure-AsyncOperation URL
 * answers 200 with `{ status }` (InProgress until the operation ends, then
 * Succeeded or Failed with an `error`), the Location URL answers 202 until it
 * ends and then what the request would have answered synchronously.
 *
 * The sandbox does an operation's work while it accepts the request and
 * records its outcome; the operation then reports InProgress for
 * OPERATION_DURATION_MS after the request is answered before it reports
 * that outcome, so clients see a real long-running operation (a first poll
 * that is still running, a Retry-After to wait) and a restart loses nothing.
 */

/** How long an operation reports InProgress. A sandbox choice; real AKS takes seconds to minutes. */
export const OPERATION_DURATION_MS = 500;
/**
 * The Retry-After (seconds) of accepted requests and running operations. A
 * sandbox choice so that pollers (@azure/core-lro waits exactly this long)
 * finish within about a second; the RPC asks for at least 10 and what AKS
 * sends for managed namespaces is unverified.
 */
export const RETRY_AFTER_SECONDS = 1;

/** A response with headers of its own (the Azure-AsyncOperation, Location and Retry-After of an accepted request). */
export interface ArmResponseWithHeaders extends ArmResponse {
  headers?: Record<string, string>;
}

const PROVIDER = 'Microsoft.ContainerService';

/** ARM reports an operation in the subscription of the resource it acts on. */
function subscriptionOfResource(ctx: SandboxContext, resourceId: string) {
  return subscriptionOf(resourceId) ?? ctx.store.state.subscriptionId;
}

function operationsBase(
  ctx: SandboxContext,
  resourceId: string,
  location: string,
) {
  return `${ctx.urls.arm}/subscriptions/${subscriptionOfResource(
    ctx,
    resourceId,
  )}/providers/${PROVIDER}/locations/${location}`;
}

/** While the work is being done, an operation runs at most this long (a sandbox that stopped meanwhile leaves it ended). */
const WORK_TIMEOUT_MS = 60_000;

/** A new operation on a resource, to commit together with the change it makes; finishedOperation() records its outcome. */
export function newOperation(
  resourceId: string,
  location: string,
  runningState: ArmOperationRecord['runningState'],
): ArmOperationRecord {
  const start = Date.now();
  return {
    name: randomUUID(),
    location,
    resourceId,
    runningState,
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + WORK_TIMEOUT_MS).toISOString(),
    status: 'Failed',
    error: {
      code: 'InternalError',
      message: 'The operation did not complete.',
    },
  };
}

/** The operation once its work is done: it reports `error` (or success) OPERATION_DURATION_MS from now. */
export function finishedOperation(
  op: ArmOperationRecord,
  error?: ArmOperationRecord['error'],
): ArmOperationRecord {
  const rest: ArmOperationRecord = { ...op };
  delete rest.error;
  return {
    ...rest,
    endTime: new Date(Date.now() + OPERATION_DURATION_MS).toISOString(),
    status: error ? 'Failed' : 'Succeeded',
    ...(error ? { error } : {}),
  };
}

export function operationChange(op: ArmOperationRecord): StateChange {
  return { path: ['armOperations', op.name], value: op };
}

export function operationOf(
  ctx: SandboxContext,
  name: string | undefined,
): ArmOperationRecord | undefined {
  return name ? ctx.store.state.armOperations?.[name] : undefined;
}

export function isRunning(op: ArmOperationRecord | undefined): boolean {
  return !!op && Date.now() < Date.parse(op.endTime);
}

/**
 * The headers of an accepted request: Azure-AsyncOperation (and, for DELETE,
 * Location) carrying the request's api-version, and Retry-After.
 */
export function acceptedHeaders(
  req: ArmRequest,
  op: ArmOperationRecord,
  withLocation: boolean,
): Record<string, string> {
  const base = operationsBase(req.ctx, op.resourceId, op.location);
  const query = `?api-version=${encodeURIComponent(req.apiVersion)}`;
  return {
    'azure-asyncoperation': `${base}/operations/${op.name}${query}`,
    ...(withLocation
      ? { location: `${base}/operationresults/${op.name}${query}` }
      : {}),
    'retry-after': String(RETRY_AFTER_SECONDS),
  };
}

/**
 * The operation resource format of the RPC, in the shape of the
 * containerservice spec's OperationStatusResult (id, name, resourceId,
 * status, startTime, endTime, error).
 */
function operationStatus(ctx: SandboxContext, op: ArmOperationRecord) {
  const running = isRunning(op);
  return {
    id: `/subscriptions/${subscriptionOfResource(
      ctx,
      op.resourceId,
    )}/providers/${PROVIDER}/locations/${op.location}/operations/${op.name}`,
    name: op.name,
    resourceId: op.resourceId,
    status: running ? 'InProgress' : op.status,
    startTime: op.startTime,
    ...(running ? {} : { endTime: op.endTime }),
    ...(!running && op.error ? { error: op.error } : {}),
  };
}

function requireOperation(
  req: ArmRequest,
  location: string,
  name: string,
): ArmOperationRecord {
  const op = operationOf(req.ctx, name.toLowerCase());
  if (!op || op.location.toLowerCase() !== location.toLowerCase()) {
    throw new ArmError(
      404,
      'NotFound',
      `The operation '${name}' could not be found in location '${location}'.`,
    );
  }
  return op;
}

/**
 * A DELETE's resource disappears when its operation ends; whoever looks at
 * the ended operation removes the record (reads already skip it).
 */
async function settle(req: ArmRequest, op: ArmOperationRecord) {
  if (isRunning(op)) return;
  const key = op.resourceId.toLowerCase();
  const record = req.ctx.store.state.managedNamespaces?.[key];
  if (record?.deleting && record.operationId === op.name)
    await req.ctx.store.commit([{ path: ['managedNamespaces', key] }]);
}

const LOCATIONS = `^/subscriptions/[^/]+/providers/${PROVIDER.replace(
  '.',
  '\\.',
)}/locations/([^/]+)`;

/**
 * The operation URLs. ARM does not authorize these reads by RBAC at the
 * subscription (whoever may write one resource group's resources polls the
 * operations its writes start, without any role at the subscription), so
 * server.ts lets any caller of the tenant read them; operation ids are
 * unguessable. Their api-versions are the provider's (managedClusters').
 */
export const operationStatusRoutes: ArmRoute[] = [
  {
    type: 'managedClusters',
    pattern: new RegExp(`${LOCATIONS}/operations/([^/]+)$`, 'i'),
    operation: `${PROVIDER}/locations/operations`,
    methods: {
      async GET(req, [, location, name]) {
        const op = requireOperation(req, location, name);
        await settle(req, op);
        // A running operation says when to look again (pollers wait that long, not their 2 s default).
        const response: ArmResponseWithHeaders = {
          status: 200,
          body: operationStatus(req.ctx, op),
          ...(isRunning(op)
            ? { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }
            : {}),
        };
        return response;
      },
    },
  },
  {
    type: 'managedClusters',
    pattern: new RegExp(`${LOCATIONS}/operationresults/([^/]+)$`, 'i'),
    operation: `${PROVIDER}/locations/operationresults`,
    methods: {
      async GET(req, [, location, name]) {
        const op = requireOperation(req, location, name);
        if (isRunning(op)) {
          const response: ArmResponseWithHeaders = {
            status: 202,
            headers: {
              location: req.url.toString(),
              'retry-after': String(RETRY_AFTER_SECONDS),
            },
          };
          return response;
        }
        await settle(req, op);
        if (op.status === 'Failed' && op.error)
          throw new ArmError(500, op.error.code, op.error.message);
        // What the request answers once done: a DELETE's 204, otherwise 200.
        return { status: op.runningState === 'Deleting' ? 204 : 200 };
      },
    },
  },
];
