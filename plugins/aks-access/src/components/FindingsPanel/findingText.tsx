import type { Finding } from '@aks-access/plugin-aks-access-common';
import { Fragment } from 'react';
import { localTime } from '../../timeFormat';

/** Object IDs the page can name: the principals of the grants it shows. */
export type KnownNames = ReadonlyMap<string, string>;

const ISO_TIME = /\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z\b/g;
const GUID =
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * A backend text as a person reads it: timestamps in local time, and object
 * IDs the page knows by the name next to them in the grants table.
 */
export function humanize(text: string, names: KnownNames): string {
  return text
    .replace(ISO_TIME, iso => localTime(iso))
    .replace(GUID, id => names.get(id.toLocaleLowerCase('en-US')) ?? id);
}

/**
 * A remediation with its commands (the backend quotes them in backticks) set
 * as code, so they can be copied as they are.
 */
export const Remediation = ({
  text,
  names,
}: {
  text: string;
  names: KnownNames;
}) => (
  <>
    {humanize(text, names)
      .split('`')
      .map((part, i) =>
        i % 2 === 1 ? (
          <code key={i}>{part}</code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
  </>
);

/** Who can act on a finding: the service's team, or the platform team for the cluster. */
export function isServiceFinding(finding: Finding): boolean {
  return finding.kind !== 'posture' && !!finding.namespace;
}
