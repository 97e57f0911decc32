import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Deep links into the shipped templates. The scaffolder reads `formData` from
 * the query string, so the form opens already filled in for this entity.
 */

export const TEMPLATES = {
  onboardNamespace: 'aks-onboard-namespace',
  requestAccess: 'aks-request-access',
  federateWorkloadIdentity: 'aks-federate-workload-identity',
} as const;

export type TemplateName = (typeof TEMPLATES)[keyof typeof TEMPLATES];

export function templateUrl(
  template: TemplateName,
  formData: Record<string, string | undefined>,
): string {
  const defined = Object.fromEntries(
    Object.entries(formData).filter(([, value]) => value !== undefined),
  );
  const query = new URLSearchParams({ formData: JSON.stringify(defined) });
  return `/create/templates/default/${template}?${query}`;
}

/** The entity's owner as a full group ref, for the templates' owner field. */
export function ownerGroupRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    }),
  );
}
