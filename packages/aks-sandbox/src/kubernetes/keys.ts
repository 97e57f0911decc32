/** Where a Kubernetes object lives in `ClusterState.objects`. */
export function objectKey(
  group: string,
  resource: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${group}/${resource}/${namespace ?? ''}/${name}`;
}

export function parseObjectKey(key: string): {
  group: string;
  resource: string;
  namespace: string;
  name: string;
} {
  const [group, resource, namespace, ...rest] = key.split('/');
  return { group, resource, namespace, name: rest.join('/') };
}
