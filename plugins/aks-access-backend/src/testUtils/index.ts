/*
 * The parts below the routes, for benchmarks that measure them in-process
 * (bench/access-view): not the plugin's API, and free to change with it.
 */
export { buildAksAccessServices } from '../service/createAksAccessServices';
export type { AksAccessServices } from '../service/createAksAccessServices';
export { entityAccess } from '../access/entityAccess';
export { PrincipalDirectory } from '../people/PrincipalDirectory';
export type { AksAccessConfig } from '../config/types';
export { GroupMembership } from '../people/GroupMembership';
export { entityPeople, PeopleCache } from '../people/entityPeople';
export type { PermissionQueryDeps } from '../effectivePermissions/entityQuestions';
export { whoCan } from '../effectivePermissions/whoCan';
