import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aksAccessApiRef } from '../api';

/**
 * The signed-in user's side of the entity, as the backend computed it:
 * whether they own it, decide its requests, and reach or may ask for each namespace.
 */
export function useEntityViewer(entityRef: string | undefined) {
  const api = useApi(aksAccessApiRef);
  return useAsyncRetry(
    async () => (entityRef ? api.getEntityViewer(entityRef) : undefined),
    [api, entityRef],
  );
}
