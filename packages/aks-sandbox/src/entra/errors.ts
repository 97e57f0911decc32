import { randomUUID } from 'crypto';

/**
 * The body Entra's token endpoint answers failures with: the AADSTS code and
 * text, then trace/correlation ids and a timestamp repeated both inside the
 * description and as fields, as MSAL and the Azure SDK parse them.
 */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export interface EntraError {
  status: number;
  body: EntraErrorBody;
}

export function entraError(
  authorityHost: string,
  status: number,
  error: string,
  code: number,
  message: string,
  correlationId: string = randomUUID(),
): EntraError {
  const traceId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${authorityHost}/error?code=${code}`,
    },
  };
}
