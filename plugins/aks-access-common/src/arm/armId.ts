import { InputError } from '@backstage/errors';
import { isGuid } from '../roles/builtinRoles';

/** One `<type>/<name>` step below a resource provider, e.g. `vaults/kv-payments`. */
export interface ArmResourceStep {
  type: string;
  name: string;
}

/** One `/providers/<namespace>/<type>/<name>…` part of an id. */
export interface ArmProviderPart {
  /** Resource provider namespace, e.g. `Microsoft.KeyVault`. */
  namespace: string;
  /** The resource and its child resources, outermost first. */
  resources: ArmResourceStep[];
}

/**
 * An ARM scope or resource id, parsed. `id` is rebuilt from the parts and is
 * the only form the plugin compares or sends to ARM: the raw input never is.
 */
export interface ArmId {
  subscriptionId: string;
  resourceGroup?: string;
  /** Several for an extension resource: `<cluster>/…/providers/Microsoft.Authorization/roleAssignments/<guid>`. */
  providers: ArmProviderPart[];
  /** Canonical keywords (`subscriptions`, `resourceGroups`, `providers`), names as given. */
  id: string;
  /** The canonical id split on `/`, without the leading empty segment. */
  segments: string[];
}

export const ARM_ID_FORMAT =
  '/subscriptions/<subscription GUID>[/resourceGroups/<resource group>][/providers/<Provider.Namespace>/<type>/<name>[/<childType>/<childName>]…]…';

// ARM's resource group rule (1–90 of letters, digits, '_', '(', ')', '-', '.', not
// ending in '.'), ASCII only: a URL parser percent-encodes anything else.
const RESOURCE_GROUP = /^[-A-Za-z0-9_().]{0,89}[-A-Za-z0-9_()]$/;
const PROVIDER_NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*$/;
// Stricter than some resource types allow, on purpose: nothing here can mean
// anything to a URL parser, and nothing ends in '.', which ARM trims.
const RESOURCE_NAME = /^[A-Za-z0-9_()-]([A-Za-z0-9_().-]*[A-Za-z0-9_()-])?$/;
const PATTERN_NAME = /^[A-Za-z0-9_().*-]+$/;

/*
 * Characters that Node's WHATWG URL parser or ARM's own URL handling would
 * read differently from the policy: `\` becomes `/`, tabs and newlines are
 * dropped, `%2e` is a dot segment, `?` and `#` end the path.
 */
const REINTERPRETED: [RegExp, string][] = [
  [/\\/, 'it contains a backslash'],
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  [/[\u0000-\u001f\u007f]/, 'it contains a control character'],
  [/\s/u, 'it contains whitespace'],
  [/%/, 'it contains "%" (no percent-encoding)'],
  [/\?/, 'it contains "?"'],
  [/#/, 'it contains "#"'],
];

/** What the refusal calls the value, e.g. `Azure scope`, `role assignment id`. */
export type ArmIdKind = string;

function refuse(kind: ArmIdKind, raw: string, rule: string): never {
  throw new InputError(
    `${kind} ${JSON.stringify(
      raw,
    )} is invalid: ${rule}. It must have the form ${ARM_ID_FORMAT}`,
  );
}

interface ParseMode {
  /** Policy patterns: `*` stands for any characters within one segment. */
  pattern: boolean;
}

function checkName(
  kind: ArmIdKind,
  raw: string,
  what: string,
  name: string,
  mode: ParseMode,
): void {
  const rule = mode.pattern ? PATTERN_NAME : RESOURCE_NAME;
  if (!rule.test(name)) {
    refuse(
      kind,
      raw,
      `${what} "${name}" must be ASCII letters, digits, '_', '(', ')', '-' and '.' (not at its start or end)`,
    );
  }
}

function parse(raw: unknown, kind: ArmIdKind, mode: ParseMode): ArmId {
  if (typeof raw !== 'string' || raw === '') {
    refuse(kind, String(raw), 'it is empty');
  }
  for (const [pattern, rule] of REINTERPRETED) {
    if (pattern.test(raw)) refuse(kind, raw, rule);
  }
  if (!raw.startsWith('/')) refuse(kind, raw, 'it must start with "/"');
  if (raw.endsWith('/')) refuse(kind, raw, 'it must not end with "/"');
  const parts = raw.slice(1).split('/');
  if (parts.some(p => p === '')) {
    refuse(kind, raw, 'it has an empty segment ("//")');
  }
  if (parts.some(p => p === '.' || p === '..')) {
    refuse(kind, raw, 'it has a "." or ".." segment');
  }

  const [subscriptions, subscriptionId, ...rest] = parts;
  if (subscriptions.toLowerCase() !== 'subscriptions') {
    refuse(kind, raw, 'it must start with /subscriptions/');
  }
  const anySubscription = mode.pattern && subscriptionId === '*';
  if (!subscriptionId || !(anySubscription || isGuid(subscriptionId))) {
    refuse(kind, raw, 'the subscription id must be a GUID');
  }
  const id: ArmId = {
    subscriptionId: subscriptionId.toLowerCase(),
    providers: [],
    id: '',
    segments: [],
  };

  let i = 0;
  if (rest[0]?.toLowerCase() === 'resourcegroups') {
    const resourceGroup = rest[1];
    if (resourceGroup === undefined) {
      refuse(kind, raw, 'after /resourceGroups comes the resource group name');
    }
    if (
      mode.pattern
        ? !PATTERN_NAME.test(resourceGroup)
        : !RESOURCE_GROUP.test(resourceGroup)
    ) {
      refuse(
        kind,
        raw,
        `resource group "${resourceGroup}" must be 1-90 ASCII letters, digits, '_', '(', ')', '-' or '.', not ending in '.'`,
      );
    }
    id.resourceGroup = resourceGroup;
    i = 2;
  }
  while (i < rest.length) {
    if (rest[i].toLowerCase() !== 'providers') {
      let above = 'subscription';
      if (id.resourceGroup) above = 'resource group';
      if (id.providers.length) above = 'resource';
      refuse(
        kind,
        raw,
        `"${rest[i]}" is out of place: after the ${above} comes /providers/<Provider.Namespace>`,
      );
    }
    const namespace = rest[i + 1];
    if (!namespace || !PROVIDER_NAMESPACE.test(namespace)) {
      refuse(
        kind,
        raw,
        `${
          namespace ? `"${namespace}"` : 'nothing'
        } after /providers is not a provider namespace like Microsoft.KeyVault`,
      );
    }
    const resources: ArmResourceStep[] = [];
    i += 2;
    while (i < rest.length && rest[i].toLowerCase() !== 'providers') {
      const [type, name] = [rest[i], rest[i + 1]];
      if (!RESOURCE_TYPE.test(type)) {
        refuse(kind, raw, `"${type}" is not a resource type`);
      }
      if (name === undefined) {
        refuse(kind, raw, `resource type "${type}" has no name after it`);
      }
      checkName(kind, raw, 'resource name', name, mode);
      resources.push({ type, name });
      i += 2;
    }
    if (resources.length === 0) {
      refuse(
        kind,
        raw,
        `below /providers/${namespace} come <type>/<name> pairs`,
      );
    }
    id.providers.push({ namespace, resources });
  }
  id.segments = armIdSegments(id);
  id.id = `/${id.segments.join('/')}`;
  return id;
}

function armIdSegments(id: Omit<ArmId, 'id' | 'segments'>): string[] {
  return [
    'subscriptions',
    id.subscriptionId,
    ...(id.resourceGroup ? ['resourceGroups', id.resourceGroup] : []),
    ...id.providers.flatMap(p => [
      'providers',
      p.namespace,
      ...p.resources.flatMap(r => [r.type, r.name]),
    ]),
  ];
}

/**
 * The one parser of ARM scopes and ids from outside: request bodies, grant
 * ids, config, and values ARM sends back. It refuses what a URL parser or
 * ARM would read differently, so the id the policy approved is the id ARM
 * acts on.
 *
 * @throws InputError naming the rule that was broken
 */
export function parseArmId(
  raw: unknown,
  kind: ArmIdKind = 'Azure scope',
): ArmId {
  return parse(raw, kind, { pattern: false });
}

/** A policy pattern: the same grammar, with `*` allowed within segments. */
export function parseArmIdPattern(
  raw: unknown,
  kind: ArmIdKind = 'Azure scope pattern',
): ArmId {
  return parse(raw, kind, { pattern: true });
}

/** Builds an id from parts; the parts are checked as if they came from outside. */
export function formatArmId(parts: Omit<ArmId, 'id' | 'segments'>): string {
  return parseArmId(`/${armIdSegments(parts).join('/')}`, 'ARM id').id;
}

/** True when both name the same resource, comparing as ARM does (case-insensitively). */
export function sameArmId(a: ArmId, b: ArmId): boolean {
  return a.id.toLowerCase() === b.id.toLowerCase();
}

/** True when `ancestor` is `id` or a scope above it, segment by segment. */
export function armIdIsAtOrAbove(ancestor: ArmId, id: ArmId): boolean {
  return (
    ancestor.segments.length <= id.segments.length &&
    ancestor.segments.every(
      (s, i) => s.toLowerCase() === id.segments[i].toLowerCase(),
    )
  );
}

function globSegment(pattern: string, segment: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${source}$`, 'u').test(segment.toLowerCase());
}

/**
 * Whether a parsed id matches a parsed policy pattern: the same number of
 * segments, each matching case-insensitively, `*` never crossing a `/`.
 */
export function armIdMatches(pattern: ArmId, id: ArmId): boolean {
  return (
    pattern.segments.length === id.segments.length &&
    pattern.segments.every((p, i) => globSegment(p, id.segments[i]))
  );
}
