import {
  aksAccessGrantDeletePermission,
  type ClusterAccess,
  type NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { Table, TableColumn } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { alpha, useTheme } from '@material-ui/core/styles';
import { useCallback, useMemo, useState } from 'react';
import { RevokeGrantDialog } from '../RevokeGrantDialog/RevokeGrantDialog';
import { GrantFilters } from './GrantFilters';
import { GrantLifecycle } from './GrantLifecycle';
import {
  filterGrantRows,
  GrantFilter,
  GrantRow,
  principalLabel,
  SOURCE_LABELS,
  standsOut,
  toGrantRows,
} from './grantRows';
import { PrincipalCell } from './PrincipalCell';

export interface AccessTableProps {
  entityRef: string;
  namespaces: readonly NamespaceAccess[];
  /** Cluster-wide grants, once per cluster, as the backend lists them. */
  clusterGrants: readonly ClusterAccess[];
  onChanged: () => void;
}

const unique = <T,>(values: readonly T[]) => [...new Set(values)].sort();

export const AccessTable = ({
  entityRef,
  namespaces,
  clusterGrants,
  onChanged,
}: AccessTableProps) => {
  const theme = useTheme();
  const { allowed: canRevoke } = usePermission({
    permission: aksAccessGrantDeletePermission,
    resourceRef: entityRef,
  });
  const [filter, setFilter] = useState<GrantFilter>({ principal: '' });
  const [revoking, setRevoking] = useState<GrantRow>();

  const rows = useMemo(
    () => toGrantRows(namespaces, clusterGrants),
    [namespaces, clusterGrants],
  );
  const visible = useMemo(() => filterGrantRows(rows, filter), [rows, filter]);

  const onRevoked = useCallback(() => {
    setRevoking(undefined);
    onChanged();
  }, [onChanged]);

  const columns: TableColumn<GrantRow>[] = [
    {
      title: 'Principal',
      field: 'grant.principal.displayName',
      render: row => <PrincipalCell principal={row.grant.principal} />,
    },
    { title: 'Level', field: 'grant.level' },
    { title: 'Role', field: 'grant.role' },
    { title: 'Source', render: row => SOURCE_LABELS[row.grant.source] },
    {
      title: 'Scope',
      render: row =>
        row.namespace ? (
          `${row.cluster}/${row.namespace}`
        ) : (
          <>
            {row.cluster}{' '}
            <Chip size="small" color="secondary" label="cluster-wide" />
          </>
        ),
    },
    {
      title: 'Managed',
      render: row => (row.grant.managed ? 'managed' : 'external'),
    },
    {
      title: 'Expiry / review',
      render: row => <GrantLifecycle grant={row.grant} />,
    },
    {
      title: 'Actions',
      render: row =>
        // Cluster-wide managed grants (the Cluster User Role) may serve other
        // namespaces of the same principal; the backend refuses to revoke them.
        canRevoke && row.grant.managed && row.grant.scope === 'namespace' ? (
          <Button
            size="small"
            color="secondary"
            variant="outlined"
            aria-label={`Revoke ${principalLabel(row.grant)} ${
              row.grant.level
            } on ${row.cluster}/${row.namespace ?? '*'}`}
            onClick={() => setRevoking(row)}
          >
            Revoke
          </Button>
        ) : null,
    },
  ];

  return (
    <Box data-testid="aks-access-table">
      <Box mb={2}>
        <GrantFilters
          filter={filter}
          onChange={setFilter}
          clusters={unique(rows.map(r => r.cluster))}
          levels={unique(rows.map(r => r.grant.level))}
          sources={unique(rows.map(r => r.grant.source))}
        />
      </Box>
      <Table<GrantRow>
        title="Who has access"
        columns={columns}
        data={visible}
        options={{
          search: false,
          padding: 'dense',
          paging: true,
          pageSize: 20,
          pageSizeOptions: [20, 50, 100],
          emptyRowsWhenPaging: false,
          // Cluster-wide and cluster-admin grants reach far beyond this service.
          rowStyle: (row: GrantRow) =>
            standsOut(row.grant)
              ? { backgroundColor: alpha(theme.palette.warning.main, 0.15) }
              : {},
        }}
      />
      {revoking && (
        <RevokeGrantDialog
          row={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={onRevoked}
        />
      )}
    </Box>
  );
};
