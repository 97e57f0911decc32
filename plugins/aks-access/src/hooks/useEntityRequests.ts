import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { aksAccessApiRef } from '../api';

/** The entity's access requests; `refreshKey` refetches after a change on the page. */
export function useEntityRequests(entityRef: string, refreshKey?: number) {
  const api = useApi(aksAccessApiRef);
  return useAsync(
    async () => (await api.listAccessRequests({ entityRef })).items,
    [api, entityRef, refreshKey],
  );
}
