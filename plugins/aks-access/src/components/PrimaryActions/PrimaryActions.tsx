import type { EntityViewerResponse } from '@aks-access/plugin-aks-access-common';
import { LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { templateUrl, TEMPLATES } from '../../templateLinks';
import { requestTargets } from '../RequestAccess/requestTargets';

export interface PrimaryActionsProps {
  entityRef: string;
  /** The entity's owning group, which the onboarding template is prefilled with. */
  owner?: string;
  viewer: EntityViewerResponse;
  /** Opens the request dialog on every namespace the viewer may ask for. */
  onRequest: () => void;
}

/**
 * What this viewer can do here, as the backend sees them: owners get the
 * templates that change the service's namespaces; anyone else gets the one
 * path that works for them, asking for temporary access.
 */
export const PrimaryActions = ({
  entityRef,
  owner,
  viewer,
  onRequest,
}: PrimaryActionsProps) => {
  if (viewer.owner) {
    return (
      <Box display="flex" style={{ gap: 8 }} flexWrap="wrap">
        <LinkButton
          variant="contained"
          color="primary"
          to={templateUrl(TEMPLATES.requestAccess, { entityRef })}
        >
          Give a group access
        </LinkButton>
        <LinkButton
          variant="outlined"
          color="primary"
          to={templateUrl(TEMPLATES.federateWorkloadIdentity, { entityRef })}
        >
          Federate a workload identity
        </LinkButton>
        <LinkButton
          variant="outlined"
          to={templateUrl(TEMPLATES.onboardNamespace, { entityRef, owner })}
        >
          Onboard another namespace
        </LinkButton>
      </Box>
    );
  }
  const canRequest = requestTargets(viewer).length > 0;
  // Where nothing can be asked for, the backend's reason for the first namespace says why.
  const refusal = viewer.namespaces.find(ns => !ns.request.allowed)?.request;
  const reason =
    !canRequest && refusal && !refusal.allowed ? refusal.reason : undefined;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Button
        variant="contained"
        color="primary"
        data-testid="aks-access-primary-action"
        disabled={!canRequest}
        aria-describedby={reason ? 'aks-primary-action-reason' : undefined}
        onClick={onRequest}
      >
        Request temporary access
      </Button>
      {reason && (
        <Typography id="aks-primary-action-reason" variant="body2">
          {reason}
        </Typography>
      )}
    </Box>
  );
};
