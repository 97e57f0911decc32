import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

export interface Viewer {
  userEntityRef: string;
  /** The user and the groups they belong to, as the sign-in resolved them. */
  ownershipEntityRefs: string[];
}

/** Who is looking at the page, for "can I reach this namespace" and "who may I ask for". */
export function useViewer() {
  const identityApi = useApi(identityApiRef);
  return useAsync(async (): Promise<Viewer> => {
    const { userEntityRef, ownershipEntityRefs } =
      await identityApi.getBackstageIdentity();
    return { userEntityRef, ownershipEntityRefs };
  }, [identityApi]);
}
