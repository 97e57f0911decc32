import { API_GROUPS, RESOURCE_TYPES, SUBRESOURCES } from './resources';

/* Legacy (unaggregated) discovery documents; clients that ask for aggregated
 * discovery fall back to these when the response is not an APIGroupDiscoveryList. */

export function versionInfo(kubernetesVersion: string) {
  const [major, minor] = kubernetesVersion.split('.');
  return {
    major,
    minor,
    gitVersion: `v${kubernetesVersion}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '' },
    ],
  };
}

function groupEntry(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

export function groupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: API_GROUPS.map(groupEntry),
  };
}

export function group(name: string) {
  return API_GROUPS.includes(name)
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(name) }
    : undefined;
}

export function resourceList(groupName: string, version: string) {
  if (version !== 'v1' || (groupName && !API_GROUPS.includes(groupName)))
    return undefined;
  const resources = RESOURCE_TYPES.filter(t => t.group === groupName).flatMap(
    t => [
      {
        name: t.resource,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.verbs,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        ...(t.categories ? { categories: t.categories } : {}),
        storageVersionHash: Buffer.from(`${t.group}/${t.resource}`)
          .toString('base64')
          .slice(0, 11),
      },
      ...Object.entries(SUBRESOURCES)
        .filter(([name]) => name.startsWith(`${t.resource}/`))
        .map(([name, sub]) => ({
          name,
          singularName: '',
          namespaced: sub.namespaced,
          ...(sub.group ? { group: sub.group, version: 'v1' } : {}),
          kind: sub.kind,
          verbs: sub.verbs,
        })),
    ],
  );
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupName ? `${groupName}/${version}` : version,
    resources,
  };
}
