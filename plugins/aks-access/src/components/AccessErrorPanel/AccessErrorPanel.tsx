import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

export function isPermissionDenied(error: Error): boolean {
  return ResponseError.is(error) && error.statusCode === 403;
}

export const AccessErrorPanel = ({ error }: { error: Error }) =>
  isPermissionDenied(error) ? (
    <EmptyState
      missing="info"
      title="You may not see who has access to this component"
      description="Viewing AKS access needs the aks-access.entity.read permission on this entity. Ask the owning team or the platform team."
    />
  ) : (
    <ResponseErrorPanel error={error} />
  );
