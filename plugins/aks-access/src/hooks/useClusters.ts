import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { aksAccessApiRef } from '../api';

export function useClusters() {
  const api = useApi(aksAccessApiRef);
  return useAsync(async () => (await api.getClusters()).items, [api]);
}
