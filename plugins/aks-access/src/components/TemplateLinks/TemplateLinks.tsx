import { LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { templateUrl, TEMPLATES } from '../../templateLinks';

export const TemplateLinks = ({ entityRef }: { entityRef: string }) => (
  <Box display="flex" style={{ gap: 8 }} flexWrap="wrap">
    <LinkButton
      variant="contained"
      color="primary"
      to={templateUrl(TEMPLATES.requestAccess, { entityRef })}
    >
      Request access
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
      to={templateUrl(TEMPLATES.onboardNamespace, { entityRef })}
    >
      Onboard another namespace
    </LinkButton>
  </Box>
);
