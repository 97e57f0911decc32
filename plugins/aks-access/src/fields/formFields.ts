import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { AksAccessLevelPicker } from './AksAccessLevelPicker/AksAccessLevelPicker';
import { AksClusterPicker } from './AksClusterPicker/AksClusterPicker';
import { AksNamespacePicker } from './AksNamespacePicker/AksNamespacePicker';
import { AksOwnerPicker } from './AksOwnerPicker/AksOwnerPicker';
import { FIELD_NAMES } from './fieldNames';

// Loaded lazily by the new frontend system's FormFieldBlueprint.

export const clusterPickerFormField = createFormField({
  name: FIELD_NAMES.cluster,
  component: AksClusterPicker,
});

export const accessLevelPickerFormField = createFormField({
  name: FIELD_NAMES.accessLevel,
  component: AksAccessLevelPicker,
});

export const namespacePickerFormField = createFormField({
  name: FIELD_NAMES.namespace,
  component: AksNamespacePicker,
});

export const ownerPickerFormField = createFormField({
  name: FIELD_NAMES.owner,
  component: AksOwnerPicker,
});
