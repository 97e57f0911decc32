import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, LinkButton } from '@backstage/core-components';
import { ownerGroupRef, templateUrl, TEMPLATES } from '../../templateLinks';

export const NoNamespacesState = ({ entity }: { entity: Entity }) => (
  <EmptyState
    missing="data"
    title="No namespaces yet"
    description="No namespace on any configured AKS cluster belongs to this component. Onboard one: the template creates it with a quota, a network policy and the labels that link it here."
    action={
      <LinkButton
        variant="contained"
        color="primary"
        to={templateUrl(TEMPLATES.onboardNamespace, {
          entityRef: stringifyEntityRef(entity),
          owner: ownerGroupRef(entity),
        })}
      >
        Onboard a namespace
      </LinkButton>
    }
  />
);
