import type { SandboxContext } from '../context';
import type { ArmResourceType } from './apiVersions';
import type { ArmCaller } from './auth';

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
  /** the parsed JSON body; a malformed body is a 400 */
  body(): Promise<unknown>;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
}

export type ArmHandler = (req: ArmRequest, match: RegExpExecArray) => Promise<ArmResponse>;

export interface ArmRoute {
  type: ArmResourceType;
  /** matched case-insensitively against the path, as ARM treats paths */
  pattern: RegExp;
  methods: Partial<Record<'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST', ArmHandler>>;
}
