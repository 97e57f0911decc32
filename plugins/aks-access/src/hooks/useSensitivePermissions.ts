import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { aksAccessApiRef } from '../api';

/**
 * Who holds sensitive permissions (read Secrets, exec, bind, …) in the
 * entity's namespaces, as findings the backend built; asked only when the
 * Findings section is open.
 */
export function useSensitivePermissions(entityRef: string, enabled: boolean) {
  const api = useApi(aksAccessApiRef);
  return useAsync(
    async () =>
      enabled ? api.getEntitySensitivePermissions(entityRef, {}) : undefined,
    [api, entityRef, enabled],
  );
}
