/** The `ui:field` names templates use; identical in both frontend systems. */
export const FIELD_NAMES = {
  cluster: 'AksClusterPicker',
  accessLevel: 'AksAccessLevelPicker',
  namespace: 'AksNamespacePicker',
  owner: 'AksOwnerPicker',
} as const;
