import { InputError } from '@backstage/errors';
import { isGuid } from '../roles/builtinRoles';

/** One `<type>/<name>` step below a resource provider, e.g. `vaults/kv-payments`. */
export interface AzureResourceSegment {
  type: string;
  name: string;
}

/** An Azure RBAC scope broken into its parts. */
export interface AzureScope {
  level: 'subscription' | 'resourceGroup' | 'resource';
  subscriptionId: string;
  resourceGroup?: string;
  /** Resource provider namespace, e.g. `Microsoft.KeyVault`. */
  provider?: string;
  /** The resource and its child resources, outermost first. */
  resources: AzureResourceSegment[];
}

export const AZURE_SCOPE_FORMAT =
  '/subscriptions/<subscription GUID>[/resourceGroups/<resource group>[/providers/<Provider.Namespace>/<type>/<name>[/<childType>/<childName>]…]]';

// ARM's resource group rule: 1–90 of letters, digits, '_', '(', ')', '-', '.', not ending in '.'.
const RESOURCE_GROUP = /^[-\p{L}\p{N}_().]{0,89}[-\p{L}\p{N}_()]$/u;
const PROVIDER_NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*$/;
// Names vary by resource type; refuse only what breaks the URL or the id grammar.
const RESOURCE_NAME = /^[^/?#%\s][^/?#%]*$/;

function refuse(scope: string, problem: string): never {
  throw new InputError(
    `Azure scope "${scope}" is invalid: ${problem}. A scope has the form ${AZURE_SCOPE_FORMAT}`,
  );
}

/**
 * Parses an Azure RBAC scope. Segment keywords are matched case-insensitively
 * like ARM does; a management group or the root scope is refused because
 * self-service never assigns roles that broadly.
 *
 * @throws InputError naming the problem and the accepted form
 */
export function parseAzureScope(scope: string): AzureScope {
  const parts = scope.split('/');
  if (parts[0] !== '' || parts.slice(1).some(p => p === '')) {
    refuse(scope, 'it must start with "/" and have no empty segments');
  }
  const [, subscriptions, subscriptionId, ...rest] = parts;
  if (subscriptions?.toLowerCase() !== 'subscriptions') {
    refuse(scope, 'it must start with /subscriptions/');
  }
  if (!subscriptionId || !isGuid(subscriptionId)) {
    refuse(scope, 'the subscription id must be a GUID');
  }
  if (rest.length === 0) {
    return { level: 'subscription', subscriptionId, resources: [] };
  }

  const [resourceGroups, resourceGroup, ...below] = rest;
  if (resourceGroups.toLowerCase() !== 'resourcegroups' || !resourceGroup) {
    refuse(scope, 'after the subscription comes /resourceGroups/<name>');
  }
  if (!RESOURCE_GROUP.test(resourceGroup)) {
    refuse(
      scope,
      `resource group "${resourceGroup}" must be 1-90 letters, digits, '_', '(', ')', '-' or '.', not ending in '.'`,
    );
  }
  if (below.length === 0) {
    return {
      level: 'resourceGroup',
      subscriptionId,
      resourceGroup,
      resources: [],
    };
  }

  const [providers, provider, ...pairs] = below;
  if (providers.toLowerCase() !== 'providers' || !provider) {
    refuse(
      scope,
      'after the resource group comes /providers/<Provider.Namespace>',
    );
  }
  if (!PROVIDER_NAMESPACE.test(provider)) {
    refuse(
      scope,
      `"${provider}" is not a provider namespace like Microsoft.KeyVault`,
    );
  }
  if (pairs.length === 0 || pairs.length % 2 !== 0) {
    refuse(scope, 'below the provider come <type>/<name> pairs');
  }
  const resources: AzureResourceSegment[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [type, name] = [pairs[i], pairs[i + 1]];
    if (!RESOURCE_TYPE.test(type)) {
      refuse(scope, `"${type}" is not a resource type`);
    }
    // "." and ".." would be resolved away in the request URL, so the role
    // would land on a broader scope than the one the policy approved.
    if (!RESOURCE_NAME.test(name) || /^\.+$/.test(name)) {
      refuse(scope, `"${name}" is not a resource name`);
    }
    resources.push({ type, name });
  }
  return {
    level: 'resource',
    subscriptionId,
    resourceGroup,
    provider,
    resources,
  };
}
