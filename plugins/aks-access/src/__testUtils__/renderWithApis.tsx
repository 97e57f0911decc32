import type { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ReactElement } from 'react';
import { AksAccessApi, aksAccessApiRef } from '../api';
import { fakeAksAccessApi } from './fakeAksAccessApi';
import { paymentsApi } from './fixtures';

export interface RenderOptions {
  api?: AksAccessApi;
  entity?: Entity;
  /** Whether the viewer holds aks-access.grant.delete (and every other permission). */
  allowed?: boolean;
  catalogEntities?: Entity[];
  /** The signed-in user; by default user:default/test, who owns nothing else. */
  identity?: { userEntityRef?: string; ownershipEntityRefs?: string[] };
  /** Where the app starts, e.g. `/?section=requests`. */
  routeEntries?: string[];
}

export function renderWithApis(
  element: ReactElement,
  options: RenderOptions = {},
) {
  const api = options.api ?? fakeAksAccessApi();
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [aksAccessApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.allowed === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
        [identityApiRef, mockApis.identity(options.identity)],
        [
          catalogApiRef,
          catalogApiMock({ entities: options.catalogEntities ?? [] }),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? paymentsApi}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}
