import type { SandboxContext } from '../context';
import type { ArmResourceType } from './apiVersions';
import type { ArmCaller } from './auth';
import type { ConditionAttributes } from './authorization';

/** One authenticated ARM call with a supported api-version, as a route handler sees it. */
export interface ArmRequest {
  ctx: SandboxContext;
  method: string;
  /** decoded path, original case, no trailing slash */
  path: string;
  query: URLSearchParams;
  apiVersion: string;
  caller: ArmCaller;
  /** the request URL as the client addressed it, for nextLinks */
  url: URL;
  /** the parsed JSON body (read once, however often asked for); a malformed body is a 400 */
  body(): Promise<unknown>;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
}

export type ArmHandler = (
  req: ArmRequest,
  match: RegExpExecArray,
) => Promise<ArmResponse>;

export interface ArmRoute {
  type: ArmResourceType;
  /** matched case-insensitively against the path, as ARM treats paths */
  pattern: RegExp;
  /**
   * The operation Azure RBAC authorizes the route as, less its verb: GET adds
   * `/read`, PUT and PATCH `/write`, DELETE `/delete`, POST `/action`.
   */
  operation: string;
  /** A list, authorized over its parent (`{scope}/providers/Microsoft.Authorization` for `…/roleAssignments`), as ARM names it. */
  collection?: boolean;
  /** Reads at the tenant root (no subscription in the path) that every principal of the tenant may make. */
  openAtRoot?: boolean;
  /** The attributes a role-assignment condition may test on this request. */
  conditionAttributes?(
    req: ArmRequest,
    match: RegExpExecArray,
  ): Promise<ConditionAttributes>;
  methods: Partial<
    Record<'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST', ArmHandler>
  >;
}
