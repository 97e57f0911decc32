/**
 * AKS Access for Backstage: who can touch a service's namespaces, and with
 * which identity it reaches Azure. Legacy frontend system exports; the new
 * frontend system uses `./alpha`.
 *
 * @packageDocumentation
 */

export {
  aksAccessPlugin,
  EntityAksAccessContent,
  EntityAksAccessCard,
  AksClusterPickerFieldExtension,
  AksAccessLevelPickerFieldExtension,
  AksNamespacePickerFieldExtension,
  AksOwnerPickerFieldExtension,
} from './plugin';
export { aksAccessApiRef } from './api';
export type { AksAccessApi } from './api';
export { isAksAccessAvailable } from '@aks-access/plugin-aks-access-common';
