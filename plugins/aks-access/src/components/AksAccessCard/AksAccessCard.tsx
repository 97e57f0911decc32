import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { AccessErrorPanel } from '../AccessErrorPanel/AccessErrorPanel';
import { isServiceFinding } from '../FindingsPanel/findingText';
import { CardSummary, summarize } from './cardSummary';

/** The tab's path under the entity page; the app mounts the content there in both systems. */
const TAB_PATH = 'aks-access';

const IdentityHealth = ({ summary }: { summary: CardSummary }) => {
  if (summary.identityCount === 0) return <>none</>;
  const text = `${summary.healthyIdentityCount} of ${summary.identityCount} healthy`;
  return summary.healthyIdentityCount === summary.identityCount ? (
    <StatusOK>{text}</StatusOK>
  ) : (
    <StatusError>{text}</StatusError>
  );
};

const WorstFinding = ({ summary }: { summary: CardSummary }) => {
  const finding = summary.worstFinding;
  if (!finding) return <StatusOK>none</StatusOK>;
  const where = isServiceFinding(finding) ? '' : ' (cluster)';
  const text = `${finding.severity}: ${finding.title}${where}`;
  return ['critical', 'high'].includes(finding.severity) ? (
    <StatusError>{text}</StatusError>
  ) : (
    <StatusWarning>{text}</StatusWarning>
  );
};

export const AksAccessCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value: access, loading, error } = useEntityAccess(entityRef);

  const tabLink = `${entityRoute(entityRouteParams(entity))}/${TAB_PATH}`;

  let body;
  if (loading && !access) body = <Progress />;
  else if (error) body = <AccessErrorPanel error={error} />;
  else if (access) {
    const summary = summarize(access);
    body = (
      <StructuredMetadataTable
        dense
        options={{ titleFormat: key => key }}
        metadata={{
          Namespaces: summary.namespaceCount,
          'Principals with write or higher': summary.writersCount,
          'Workload identities': <IdentityHealth summary={summary} />,
          'Worst finding': <WorstFinding summary={summary} />,
          ...(summary.overdueReviewCount > 0 && {
            'Grants due for review': (
              <StatusWarning>{summary.overdueReviewCount}</StatusWarning>
            ),
          }),
        }}
      />
    );
  }

  return (
    <InfoCard
      title="AKS access"
      deepLink={{ title: 'Who has access', link: tabLink }}
    >
      <div data-testid="aks-access-card">{body}</div>
    </InfoCard>
  );
};
