import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  aksAccessAuditReadPermission,
  aksAccessPermissions,
} from './permissions';

describe('aksAccessPermissions', () => {
  it.each([
    ['aks-access.entity.read', 'read'],
    ['aks-access.namespace.onboard', 'create'],
    ['aks-access.grant.create', 'create'],
    ['aks-access.grant.delete', 'delete'],
    ['aks-access.workload-identity.create', 'create'],
    ['aks-access.workload-identity.delete', 'delete'],
    ['aks-access.access-request.approve', 'update'],
    ['aks-access.grant.review', 'update'],
  ])('%s is a catalog-entity permission with action %s', (name, action) => {
    const permission = aksAccessPermissions.find(p => p.name === name);
    expect(permission).toBeDefined();
    expect(isResourcePermission(permission!, 'catalog-entity')).toBe(true);
    expect(permission!.attributes.action).toBe(action);
  });

  it('audit.read is a basic read permission', () => {
    expect(aksAccessAuditReadPermission).toEqual({
      type: 'basic',
      name: 'aks-access.audit.read',
      attributes: { action: 'read' },
    });
  });

  it('access-request.create is a basic create permission: asking needs no ownership', () => {
    const permission = aksAccessPermissions.find(
      p => p.name === 'aks-access.access-request.create',
    );
    expect(permission).toEqual({
      type: 'basic',
      name: 'aks-access.access-request.create',
      attributes: { action: 'create' },
    });
  });

  it('lists every permission once', () => {
    const names = aksAccessPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(10);
    expect(names).toHaveLength(10);
  });
});
