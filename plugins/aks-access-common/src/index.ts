/**
 * Shared vocabulary of AKS Access for Backstage: REST types, operation input
 * schemas, permissions, annotation constants, role and naming rules, and the
 * REST client.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './api/types';
export * from './api/effectivePermissions';
export * from './api/grantId';
export * from './schemas/names';
export * from './arm/armId';
export * from './arm/roleAssignmentId';
export * from './schemas/entityRefs';
export * from './schemas/kubernetesSubject';
export * from './schemas/operations';
export * from './schemas/accessRequests';
export * from './schemas/durations';
export * from './schemas/people';
export * from './schemas/whoCan';
export * from './schemas/audit';
export * from './schemas/parseInput';
export * from './schemas/actionInputs';
export * from './permissions';
export * from './mapping/entityNamespaces';
export * from './roles/builtinRoles';
export * from './roles/accessLevels';
export * from './naming/deterministicNames';
export * from './client/AksAccessClient';
export * from './api/operations';
