import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

export interface PrincipalOption {
  entityRef: string;
  label: string;
}

/** Catalog users and groups: the principals the backend can resolve to Entra object IDs. */
export function usePrincipalOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<PrincipalOption[]> => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: ['User', 'Group'] },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
      const name =
        profile.displayName ?? entity.metadata.title ?? entity.metadata.name;
      return { entityRef, label: `${name} (${entityRef})` };
    });
  }, [catalogApi]);
}
