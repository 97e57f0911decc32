import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

export interface PrincipalOption {
  entityRef: string;
  /** The name the catalog gives it. */
  name: string;
  /** The name with its ref, for lists where two people may share a name. */
  label: string;
}

/** Catalog users and groups: the principals the backend can resolve to Entra object IDs. */
export function usePrincipalOptions(
  kinds: ReadonlyArray<'User' | 'Group'> = ['User', 'Group'],
) {
  const catalogApi = useApi(catalogApiRef);
  const kindList = kinds.join(',');
  return useAsync(async (): Promise<PrincipalOption[]> => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: kindList.split(',') },
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
      return { entityRef, name, label: `${name} (${entityRef})` };
    });
  }, [catalogApi, kindList]);
}
