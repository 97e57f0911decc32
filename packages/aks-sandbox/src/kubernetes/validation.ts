import type { KubeObject } from '../state/types';
import type { StatusCause } from './errors';
import { RBAC_GROUP } from './rbac';
import type { ResourceType } from './resources';

/* The validation messages of k8s.io/apimachinery/pkg/util/validation and
 * pkg/apis/rbac/validation, word for word. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const invalidValue = (
  field: string,
  value: unknown,
  detail: string,
): StatusCause => ({
  type: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});

export function nameErrors(
  rule: ResourceType['nameRule'],
  name: string,
): string[] {
  const errors: string[] = [];
  if (rule === 'pathSegment') {
    if (name === '.' || name === '..') errors.push(`may not be '${name}'`);
    if (name.includes('/')) errors.push(`may not contain '/'`);
    if (name.includes('%')) errors.push(`may not contain '%'`);
    return errors;
  }
  if (rule === 'dns1123Label') {
    if (name.length > 63) errors.push('must be no more than 63 characters');
    if (!DNS1123_LABEL.test(name)) {
      errors.push(
        `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      );
    }
    return errors;
  }
  if (name.length > 253) errors.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) {
    errors.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  }
  return errors;
}

function metadataErrors(type: ResourceType, object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name, labels = {}, annotations = {} } = object.metadata;
  if (!name)
    causes.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  else
    for (const e of nameErrors(type.nameRule, name))
      causes.push(invalidValue('metadata.name', name, e));
  for (const [key, value] of Object.entries(labels)) {
    const keyName = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (!QUALIFIED_NAME.test(keyName) || keyName.length > 63) {
      causes.push(
        invalidValue(
          'metadata.labels',
          key,
          `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        ),
      );
    }
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !LABEL_VALUE.test(value)
    ) {
      causes.push(
        invalidValue(
          'metadata.labels',
          value,
          `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        ),
      );
    }
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value !== 'string')
      causes.push(
        invalidValue(`metadata.annotations[${key}]`, value, 'must be a string'),
      );
  }
  return causes;
}

function rbacErrors(type: ResourceType, object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  if (type.kind === 'RoleBinding' || type.kind === 'ClusterRoleBinding') {
    const roleRef = (object.roleRef ?? {}) as {
      apiGroup?: string;
      kind?: string;
      name?: string;
    };
    if (roleRef.apiGroup !== RBAC_GROUP) {
      causes.push({
        type: 'FieldValueNotSupported',
        field: 'roleRef.apiGroup',
        message: `Unsupported value: "${
          roleRef.apiGroup ?? ''
        }": supported values: "${RBAC_GROUP}"`,
      });
    }
    const kinds =
      type.kind === 'RoleBinding' ? ['ClusterRole', 'Role'] : ['ClusterRole'];
    if (!kinds.includes(roleRef.kind ?? '')) {
      causes.push({
        type: 'FieldValueNotSupported',
        field: 'roleRef.kind',
        message: `Unsupported value: "${
          roleRef.kind ?? ''
        }": supported values: ${kinds.map(k => `"${k}"`).join(', ')}`,
      });
    }
    if (!roleRef.name)
      causes.push({
        type: 'FieldValueRequired',
        field: 'roleRef.name',
        message: 'Required value',
      });
    const subjects = (object.subjects ?? []) as {
      kind?: string;
      name?: string;
      apiGroup?: string;
      namespace?: string;
    }[];
    subjects.forEach((s, i) => {
      const at = `subjects[${i}]`;
      if (!s.name)
        causes.push({
          type: 'FieldValueRequired',
          field: `${at}.name`,
          message: 'Required value',
        });
      if (s.kind === 'ServiceAccount') {
        if (s.apiGroup)
          causes.push({
            type: 'FieldValueNotSupported',
            field: `${at}.apiGroup`,
            message: `Unsupported value: "${s.apiGroup}": supported values: ""`,
          });
        if (!s.namespace && type.kind === 'ClusterRoleBinding')
          causes.push({
            type: 'FieldValueRequired',
            field: `${at}.namespace`,
            message: 'Required value',
          });
      } else if (s.kind === 'User' || s.kind === 'Group') {
        if (s.apiGroup !== RBAC_GROUP) {
          causes.push({
            type: 'FieldValueNotSupported',
            field: `${at}.apiGroup`,
            message: `Unsupported value: "${
              s.apiGroup ?? ''
            }": supported values: "${RBAC_GROUP}"`,
          });
        }
      } else {
        causes.push({
          type: 'FieldValueNotSupported',
          field: `${at}.kind`,
          message: `Unsupported value: "${
            s.kind ?? ''
          }": supported values: "ServiceAccount", "User", "Group"`,
        });
      }
    });
  }
  if (type.kind === 'Role' || type.kind === 'ClusterRole') {
    const rules = (object.rules ?? []) as {
      verbs?: string[];
      apiGroups?: string[];
      resources?: string[];
      nonResourceURLs?: string[];
    }[];
    rules.forEach((r, i) => {
      const at = `rules[${i}]`;
      if (!r.verbs?.length)
        causes.push({
          type: 'FieldValueRequired',
          field: `${at}.verbs`,
          message: 'Required value: verbs must contain at least one value',
        });
      if (r.nonResourceURLs?.length) {
        if (type.kind === 'Role')
          causes.push(
            invalidValue(
              `${at}.nonResourceURLs`,
              r.nonResourceURLs,
              'namespaced rules cannot apply to non-resource URLs',
            ),
          );
        if (r.apiGroups?.length || r.resources?.length)
          causes.push(
            invalidValue(
              `${at}.nonResourceURLs`,
              r.nonResourceURLs,
              'rules cannot apply to both regular resources and non-resource URLs',
            ),
          );
      } else if (!r.apiGroups?.length) {
        causes.push({
          type: 'FieldValueRequired',
          field: `${at}.apiGroups`,
          message:
            'Required value: resource rules must supply at least one api group',
        });
      } else if (!r.resources?.length) {
        causes.push({
          type: 'FieldValueRequired',
          field: `${at}.resources`,
          message:
            'Required value: resource rules must supply at least one resource',
        });
      }
    });
  }
  return causes;
}

export function validateObject(
  type: ResourceType,
  object: KubeObject,
  previous?: KubeObject,
): StatusCause[] {
  const causes = [...metadataErrors(type, object), ...rbacErrors(type, object)];
  if (
    previous &&
    (type.kind === 'RoleBinding' || type.kind === 'ClusterRoleBinding') &&
    JSON.stringify(previous.roleRef) !== JSON.stringify(object.roleRef)
  ) {
    causes.push(
      invalidValue('roleRef', object.roleRef, 'cannot change roleRef'),
    );
  }
  return causes;
}
