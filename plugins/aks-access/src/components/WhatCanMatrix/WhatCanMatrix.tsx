import type { WhatCanResponse } from '@aks-access/plugin-aks-access-common';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Alert from '@material-ui/lab/Alert';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';

const Matrix = ({ matrix }: { matrix: WhatCanResponse }) => (
  <Table
    size="small"
    aria-label={`What ${
      matrix.principal.displayName ?? matrix.principal.id
    } can do in ${matrix.namespace} on ${matrix.cluster}`}
  >
    <TableHead>
      <TableRow>
        <TableCell component="th" scope="col">
          Resource
        </TableCell>
        {matrix.verbs.map(verb => (
          <TableCell key={verb} component="th" scope="col" align="center">
            {verb}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
    <TableBody>
      {matrix.rows.map(row => (
        <TableRow key={row.resource}>
          <TableCell component="th" scope="row">
            {row.resource}
          </TableCell>
          {row.cells.map(cell => (
            <TableCell
              key={cell.verb}
              align="center"
              aria-label={`${cell.verb} ${row.resource}: ${
                cell.allowed ? 'allowed' : 'not allowed'
              }`}
            >
              {cell.allowed ? '✓' : '·'}
            </TableCell>
          ))}
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/**
 * A rakkess-style matrix of what one person may do in one namespace,
 * fetched when asked for: the backend evaluates both RBAC systems and
 * nested groups.
 */
export const WhatCanMatrix = ({
  entityRef,
  principal,
  name,
  cluster,
  namespace,
}: {
  entityRef: string;
  /** A catalog ref, or an Entra object id for someone the catalog lacks. */
  principal: string;
  name: string;
  cluster: string;
  namespace: string;
}) => {
  const api = useApi(aksAccessApiRef);
  const [matrix, load] = useAsyncFn(
    () => api.getEntityWhatCan(entityRef, { principal, cluster, namespace }),
    [api, entityRef, principal, cluster, namespace],
  );
  if (matrix.error) {
    return <Alert severity="error">{matrix.error.message}</Alert>;
  }
  if (matrix.value) return <Matrix matrix={matrix.value} />;
  return (
    <Box mt={1}>
      <Button
        size="small"
        variant="outlined"
        onClick={load}
        disabled={matrix.loading}
      >
        What can {name} do in {namespace}?
      </Button>
    </Box>
  );
};
