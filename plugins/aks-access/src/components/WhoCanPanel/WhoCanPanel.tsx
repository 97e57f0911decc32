import {
  KUBERNETES_RESOURCES,
  KUBERNETES_VERBS,
  NamespaceAccess,
  WhoCanResponse,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { AccessPathChain } from '../AccessPaths/AccessPathChain';
import { asOptions, SelectField } from '../SelectField/SelectField';
import { SECTION_TITLE } from '../sectionTitle';

/** The questions people ask most, one click each. */
const QUESTIONS: Array<{ label: string; verb: string; resource: string }> = [
  { label: 'read Secrets', verb: 'get', resource: 'secrets' },
  { label: 'exec into pods', verb: 'create', resource: 'pods/exec' },
  { label: 'create pods', verb: 'create', resource: 'pods' },
  { label: 'change RoleBindings', verb: 'create', resource: 'rolebindings' },
];

/** Every resource and subresource the backend answers for, as `pods/exec`. */
const RESOURCES = Object.entries(KUBERNETES_RESOURCES).flatMap(
  ([resource, { subresources }]) => [
    resource,
    ...(subresources ?? []).map(s => `${resource}/${s}`),
  ],
);

const ALL = -1;

const Answer = ({ answer }: { answer: WhoCanResponse }) => (
  <Box mt={1}>
    <Typography variant="subtitle2" component="h3">
      {answer.totalPeople === 1 ? '1 person' : `${answer.totalPeople} people`}{' '}
      can {answer.verb} {answer.resource}
    </Typography>
    {answer.people.map(person => (
      <Box key={person.user.id} mt={1}>
        <Typography variant="body2" component="div">
          <strong title={person.user.entityRef ?? person.user.id}>
            {person.user.displayName ?? person.user.id}
          </strong>{' '}
          {person.platformAdmin && (
            <Chip size="small" label="platform admin (expected)" />
          )}
        </Typography>
        {person.namespaces.flatMap(ns =>
          ns.paths.map(path => (
            <AccessPathChain
              key={`${ns.cluster}/${ns.namespace}/${path.grantId}/${path.via
                .map(v => v.id)
                .join('>')}`}
              who={person.user}
              path={path}
            />
          )),
        )}
      </Box>
    ))}
    {answer.workloadIdentities.length > 0 && (
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          Workloads that can
        </Typography>
        {answer.workloadIdentities.map(w => (
          <Typography
            variant="body2"
            key={`${w.cluster}/${w.namespace}/${w.serviceAccount.id}`}
          >
            ServiceAccount {w.serviceAccount.displayName ?? w.serviceAccount.id}{' '}
            in {w.namespace} on {w.cluster}
          </Typography>
        ))}
      </Box>
    )}
    {answer.others.length > 0 && (
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          Grants that reach no one person
        </Typography>
        {answer.others.map(o => (
          <Typography
            variant="body2"
            key={`${o.cluster}/${o.namespace}/${o.principal.id}`}
          >
            {o.principal.displayName ?? o.principal.id} ({o.reaches}) in{' '}
            {o.namespace} on {o.cluster}
          </Typography>
        ))}
      </Box>
    )}
  </Box>
);

/**
 * "Who can …" over the entity's namespaces, answered by the backend from
 * both RBAC systems and nested groups; the page only asks and shows.
 */
export const WhoCanPanel = ({
  entityRef,
  namespaces,
}: {
  entityRef: string;
  namespaces: readonly NamespaceAccess[];
}) => {
  const api = useApi(aksAccessApiRef);
  const [target, setTarget] = useState(ALL);
  const [verb, setVerb] = useState('get');
  const [resource, setResource] = useState('secrets');
  const [answer, ask] = useAsyncFn(
    async (question: { verb: string; resource: string }) => {
      const where = target === ALL ? undefined : namespaces[target];
      return api.getEntityWhoCan(entityRef, {
        ...question,
        ...(where
          ? { cluster: where.cluster, namespace: where.namespace }
          : {}),
      } as Parameters<typeof api.getEntityWhoCan>[1]);
    },
    [api, entityRef, namespaces, target],
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    ask({ verb, resource });
  };

  return (
    <InfoCard title="Who can…" titleTypographyProps={SECTION_TITLE}>
      <Box
        display="flex"
        flexWrap="wrap"
        mb={1}
        role="group"
        aria-label="Common questions"
      >
        {QUESTIONS.map(q => (
          <Box key={q.label} mr={1} mb={1}>
            <Button
              variant="outlined"
              size="small"
              onClick={() => {
                setVerb(q.verb);
                setResource(q.resource);
                ask({ verb: q.verb, resource: q.resource });
              }}
            >
              Who can {q.label}?
            </Button>
          </Box>
        ))}
      </Box>
      <form onSubmit={onSubmit} aria-label="Who can">
        <SelectField
          id="aks-who-can-namespace"
          label="Where"
          value={target}
          onChange={setTarget}
          options={[
            { value: ALL, label: 'All of this entity’s namespaces' },
            ...namespaces.map(({ cluster, namespace }, index) => ({
              value: index,
              label: `${namespace} on ${cluster}`,
            })),
          ]}
        />
        <SelectField
          id="aks-who-can-verb"
          label="Action (verb)"
          value={verb}
          onChange={setVerb}
          options={asOptions(KUBERNETES_VERBS)}
        />
        <SelectField
          id="aks-who-can-resource"
          label="Object kind (resource)"
          value={resource}
          onChange={setResource}
          options={asOptions(RESOURCES)}
        />
        <Box mt={1} mb={1}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={answer.loading}
          >
            Ask
          </Button>
        </Box>
      </form>
      {answer.error && <Alert severity="error">{answer.error.message}</Alert>}
      {answer.value && !answer.loading && <Answer answer={answer.value} />}
    </InfoCard>
  );
};
