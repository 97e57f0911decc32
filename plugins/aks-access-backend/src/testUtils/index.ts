/*
 * The parts below the routes, for benchmarks that measure them in-process
 * (bench/access-view): not the plugin's API, and free to change with it.
 */
export { buildAksAccessServices } from '../service/createAksAccessServices';
export type { AksAccessServices } from '../service/createAksAccessServices';
export { entityAccess } from '../queries/entityAccess';
export { PrincipalDirectory } from '../access/PrincipalDirectory';
export type { AksAccessConfig } from '../config/types';
export { GroupMembership } from '../access/GroupMembership';
export { entityPeople } from '../queries/entityPeople';
