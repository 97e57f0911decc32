import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aksAccessApiRef } from '../api';

/**
 * The entity's access view. `retry` refetches while keeping the previous value,
 * so a refresh after a revoke does not blank the page.
 */
export function useEntityAccess(entityRef: string | undefined) {
  const api = useApi(aksAccessApiRef);
  return useAsyncRetry(
    async () => (entityRef ? api.getEntityAccess(entityRef) : undefined),
    [api, entityRef],
  );
}
