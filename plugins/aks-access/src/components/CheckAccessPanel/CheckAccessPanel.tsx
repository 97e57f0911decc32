import type {
  CheckAccessResponse,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { AccessPathChain } from '../AccessPaths/AccessPathChain';
import { asOptions, SelectField } from '../SelectField/SelectField';
import {
  PrincipalOption,
  usePrincipalOptions,
} from '../../hooks/usePrincipalOptions';
import { SECTION_TITLE } from '../sectionTitle';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

const ReviewResult = ({ result }: { result: CheckAccessResponse }) => (
  <>
    <Alert severity={result.allowed ? 'success' : 'error'} role="status">
      <strong>{result.allowed ? 'Allowed' : 'Denied'}</strong>
      {result.reason ? `: ${result.reason}` : ''}
    </Alert>
    {result.principal?.groupCount !== undefined && (
      <Typography variant="caption" color="textSecondary" component="div">
        Checked with {result.principal.groupCount} groups, nested ones included.
      </Typography>
    )}
    {result.principal && result.paths && result.paths.length > 0 && (
      <Box mt={1}>
        <Typography variant="subtitle2" component="h3">
          Grants that reach it
        </Typography>
        {result.paths.map(path => (
          <AccessPathChain
            key={path.grantId}
            who={result.principal!}
            path={path}
          />
        ))}
      </Box>
    )}
  </>
);

/** Asks the cluster itself (a SubjectAccessReview), so the answer includes every source of access. */
export const CheckAccessPanel = ({
  namespaces,
}: {
  namespaces: readonly NamespaceAccess[];
}) => {
  const api = useApi(aksAccessApiRef);
  const principals = usePrincipalOptions();
  const [principal, setPrincipal] = useState<PrincipalOption | null>(null);
  const [target, setTarget] = useState(0);
  const [verb, setVerb] = useState('get');
  const [resource, setResource] = useState('pods');

  const [review, runReview] = useAsyncFn(
    async (principalRef: string) => {
      const { cluster, namespace } = namespaces[target];
      return api.checkAccess({
        cluster,
        namespace,
        principal: principalRef,
        verb,
        resource,
      });
    },
    [api, namespaces, target, verb, resource],
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (principal) runReview(principal.entityRef);
  };

  return (
    <InfoCard title="Check access" titleTypographyProps={SECTION_TITLE}>
      <form onSubmit={onSubmit} aria-label="Check access">
        <Autocomplete
          options={principals.value ?? []}
          loading={principals.loading}
          getOptionLabel={option => option.label}
          value={principal}
          onChange={(_event, value) => setPrincipal(value)}
          renderInput={params => (
            <TextField
              {...params}
              label="Principal (user or group)"
              margin="dense"
            />
          )}
        />
        <SelectField
          id="aks-check-namespace"
          label="Namespace"
          value={target}
          onChange={setTarget}
          options={namespaces.map(({ cluster, namespace }, index) => ({
            value: index,
            label: `${cluster}/${namespace}`,
          }))}
        />
        <SelectField
          id="aks-check-verb"
          label="Verb"
          value={verb}
          onChange={setVerb}
          options={asOptions(VERBS)}
        />
        <TextField
          fullWidth
          margin="dense"
          id="aks-check-resource"
          label="Resource"
          helperText="Plural resource, optionally with a subresource: pods, secrets, pods/log"
          value={resource}
          onChange={e => setResource(e.target.value)}
        />
        <Box mt={1} mb={1}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={!principal || review.loading}
          >
            Check
          </Button>
        </Box>
      </form>
      {review.error && <Alert severity="error">{review.error.message}</Alert>}
      {review.value && !review.loading && (
        <ReviewResult result={review.value} />
      )}
    </InfoCard>
  );
};
