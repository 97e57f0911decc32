import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { fakeAksAccessApi } from './__testUtils__/fakeAksAccessApi';
import { paymentsApi } from './__testUtils__/fixtures';
import { renderWithApis } from './__testUtils__/renderWithApis';
import {
  AksAccessLevelPickerFieldExtension,
  AksClusterPickerFieldExtension,
  AksNamespacePickerFieldExtension,
  AksOwnerPickerFieldExtension,
  aksAccessPlugin,
  EntityAksAccessCard,
  EntityAksAccessContent,
  isAksAccessAvailable,
} from './index';

describe('legacy exports', () => {
  it('render the tab and the card in a legacy test app', async () => {
    await renderWithApis(
      <>
        <EntityAksAccessCard />
        <Routes>
          <Route path="/" element={<EntityAksAccessContent />} />
        </Routes>
      </>,
      { api: fakeAksAccessApi() },
    );
    expect(await screen.findByTestId('aks-access-card')).toBeInTheDocument();
    expect(await screen.findByTestId('aks-access-content')).toBeInTheDocument();
  });

  it('provide the API factory, the field extensions and the predicate', () => {
    expect([...aksAccessPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.aks-access.service',
    ]);
    for (const field of [
      AksClusterPickerFieldExtension,
      AksAccessLevelPickerFieldExtension,
      AksNamespacePickerFieldExtension,
      AksOwnerPickerFieldExtension,
    ]) {
      expect(field).toEqual(expect.any(Function));
    }
    expect(isAksAccessAvailable(paymentsApi)).toBe(true);
    expect(
      isAksAccessAvailable({ ...paymentsApi, metadata: { name: 'x' } }),
    ).toBe(false);
  });
});
