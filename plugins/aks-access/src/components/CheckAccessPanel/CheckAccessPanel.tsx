import {
  AccessReviewResponse,
  isGuid,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { AccessPathChain, PrincipalName } from '../AccessPaths/AccessPathChain';
import { PrincipalOption, usePrincipalOptions } from './usePrincipalOptions';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * What to send as the principal: the catalog entry picked, or an Entra object
 * id typed in for someone the catalog does not know.
 */
function principalToCheck(
  picked: PrincipalOption | null,
  typed: string,
): string | undefined {
  // Picking an option fills the input with its label; anything else was typed over it.
  if (picked && picked.label === typed) return picked.entityRef;
  const text = typed.trim();
  return isGuid(text) ? text : undefined;
}

const ReviewResult = ({ result }: { result: AccessReviewResponse }) => {
  const { principal, paths } = result;
  return (
    <>
      <Alert severity={result.allowed ? 'success' : 'error'} role="status">
        <strong>{result.allowed ? 'Allowed' : 'Denied'}</strong>
        {result.reason ? `: ${result.reason}` : ''}
      </Alert>
      {principal && (
        <Typography variant="caption" color="textSecondary" component="div">
          Checked as <PrincipalName principal={principal} /> ({principal.kind})
          {principal.groupCount !== undefined &&
            `, with ${principal.groupCount} groups, nested ones included`}
          .
        </Typography>
      )}
      {paths && (
        <Box mt={1}>
          <Typography variant="subtitle2">Grants that reach it</Typography>
          {paths.map(path => (
            <AccessPathChain key={path.grantId} who={principal} path={path} />
          ))}
          {paths.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              None: no grant in this namespace reaches it.
            </Typography>
          )}
        </Box>
      )}
    </>
  );
};

/** Asks the cluster itself (a SubjectAccessReview), so the answer includes every source of access. */
export const CheckAccessPanel = ({
  namespaces,
}: {
  namespaces: readonly NamespaceAccess[];
}) => {
  const api = useApi(aksAccessApiRef);
  const principals = usePrincipalOptions();
  const [principal, setPrincipal] = useState<PrincipalOption | null>(null);
  const [typed, setTyped] = useState('');
  const principalRef = principalToCheck(principal, typed);
  const [target, setTarget] = useState(0);
  const [verb, setVerb] = useState('get');
  const [resource, setResource] = useState('pods');

  const [review, runReview] = useAsyncFn(
    async (who: string) => {
      const { cluster, namespace } = namespaces[target];
      return api.reviewAccess({
        cluster,
        namespace,
        principal: who,
        verb,
        resource,
      });
    },
    [api, namespaces, target, verb, resource],
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (principalRef) runReview(principalRef);
  };

  return (
    <InfoCard title="Check access">
      <form onSubmit={onSubmit} aria-label="Check access">
        <Autocomplete
          freeSolo
          options={principals.value ?? []}
          loading={principals.loading}
          getOptionLabel={option =>
            typeof option === 'string' ? option : option.label
          }
          value={principal}
          onChange={(_event, value) =>
            setPrincipal(typeof value === 'string' ? null : value)
          }
          inputValue={typed}
          onInputChange={(_event, value) => setTyped(value)}
          renderInput={params => (
            <TextField
              {...params}
              label="Principal (user or group)"
              helperText="A catalog user or group, or an Entra object ID"
              margin="dense"
            />
          )}
        />
        <TextField
          select
          fullWidth
          margin="dense"
          id="aks-check-namespace"
          label="Namespace"
          value={target}
          onChange={e => setTarget(Number(e.target.value))}
        >
          {namespaces.map(({ cluster, namespace }, index) => (
            <MenuItem key={`${cluster}/${namespace}`} value={index}>
              {cluster}/{namespace}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          fullWidth
          margin="dense"
          id="aks-check-verb"
          label="Verb"
          value={verb}
          onChange={e => setVerb(e.target.value)}
        >
          {VERBS.map(v => (
            <MenuItem key={v} value={v}>
              {v}
            </MenuItem>
          ))}
        </TextField>
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
            disabled={!principalRef || review.loading}
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
