import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { paymentsApi } from './__testUtils__/fixtures';
import aksAccessPlugin from './alpha';

const withoutNamespaces = { ...paymentsApi, metadata: { name: 'no-aks' } };

describe('alpha plugin', () => {
  it('adds the AKS Access tab to entities the predicate accepts', () => {
    const tester = createExtensionTester(
      aksAccessPlugin.getExtension('entity-content:aks-access'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('aks-access');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'AKS Access',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(paymentsApi)).toBe(true);
    expect(filter(withoutNamespaces)).toBe(false);
  });

  it('adds the card with the same predicate', () => {
    const tester = createExtensionTester(
      aksAccessPlugin.getExtension('entity-card:aks-access'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(paymentsApi)).toBe(true);
    expect(filter(withoutNamespaces)).toBe(false);
  });

  it.each([
    'scaffolder-form-field:aks-access/aks-cluster-picker',
    'scaffolder-form-field:aks-access/aks-access-level-picker',
    'scaffolder-form-field:aks-access/aks-namespace-picker',
    'scaffolder-form-field:aks-access/aks-owner-picker',
  ] as const)('registers the %s form field', async id => {
    const tester = createExtensionTester(aksAccessPlugin.getExtension(id));
    const load = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    await expect(load()).resolves.toEqual(
      expect.objectContaining({ $$type: '@backstage/scaffolder/FormField' }),
    );
  });
});
