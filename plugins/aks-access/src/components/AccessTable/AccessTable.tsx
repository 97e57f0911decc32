import {
  aksAccessGrantDeletePermission,
  type ClusterAccess,
  type NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { Table, TableColumn } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { CSSProperties, useCallback, useMemo, useState } from 'react';
import { RevokeGrantDialog } from '../RevokeGrantDialog/RevokeGrantDialog';
import { GrantFilters } from './GrantFilters';
import { GrantLifecycle } from './GrantLifecycle';
import {
  filterGrantRows,
  GrantFilter,
  GrantRow,
  levelLabel,
  principalLabel,
  SOURCE_LABELS,
  standsOut,
  toGrantRows,
} from './grantRows';
import { PrincipalCell } from './PrincipalCell';
import { Where } from '../Where/Where';

export interface AccessTableProps {
  entityRef: string;
  namespaces: readonly NamespaceAccess[];
  /** Cluster-wide grants, once per cluster, as the backend lists them. */
  clusterGrants: readonly ClusterAccess[];
  onChanged: () => void;
}

const unique = <T,>(values: readonly T[]) => [...new Set(values)].sort();

// Words wrap between words only; the widths below leave room for the longest.
const CELL: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
  hyphens: 'none',
  verticalAlign: 'top',
};

const column = (
  width: string,
  spec: TableColumn<GrantRow>,
): TableColumn<GrantRow> => ({
  ...spec,
  width,
  cellStyle: CELL,
  headerStyle: { ...CELL, whiteSpace: 'nowrap' },
});

/**
 * A Kubernetes role as `Kind/name`, one token with no space in it: it wraps
 * after the slash, where a reader expects it. The browser would rather break
 * at the name's last hyphen that fits ("payments-" / "deployer"), so the name
 * itself does not wrap.
 */
const RoleName = ({ role }: { role?: string }) => {
  const slash = role?.indexOf('/') ?? -1;
  if (!role || slash < 0) return <>{role}</>;
  return (
    <>
      {role.slice(0, slash + 1)}
      <wbr />
      <span style={{ whiteSpace: 'nowrap' }}>{role.slice(slash + 1)}</span>
    </>
  );
};

export const AccessTable = ({
  entityRef,
  namespaces,
  clusterGrants,
  onChanged,
}: AccessTableProps) => {
  const { allowed: canRevoke } = usePermission({
    permission: aksAccessGrantDeletePermission,
    resourceRef: entityRef,
  });
  const [filter, setFilter] = useState<GrantFilter>({ principal: '' });
  const [revoking, setRevoking] = useState<GrantRow>();
  const [showClusterWide, setShowClusterWide] = useState(false);

  const rows = useMemo(
    () => toGrantRows(namespaces, clusterGrants),
    [namespaces, clusterGrants],
  );
  const visible = useMemo(() => filterGrantRows(rows, filter), [rows, filter]);
  const namespaceRows = visible.filter(r => r.namespace);
  const clusterRows = visible.filter(r => !r.namespace);

  const onRevoked = useCallback(() => {
    setRevoking(undefined);
    onChanged();
  }, [onChanged]);

  const shared: TableColumn<GrantRow>[] = [
    column('24%', {
      title: 'Principal',
      field: 'grant.principal.displayName',
      render: row => <PrincipalCell principal={row.grant.principal} />,
    }),
    column('10%', {
      title: 'Level',
      field: 'grant.level',
      // Bold where a grant reaches beyond the service (cluster-admin): no
      // tinted row, whose background took the captions under 4.5:1.
      render: row =>
        standsOut(row.grant) ? (
          <strong>{levelLabel(row.grant.level, row.grant.role)}</strong>
        ) : (
          levelLabel(row.grant.level, row.grant.role)
        ),
    }),
    column('16%', {
      title: 'Role',
      field: 'grant.role',
      render: row => <RoleName role={row.grant.role} />,
    }),
    column('13%', {
      title: 'Source',
      render: row => SOURCE_LABELS[row.grant.source],
    }),
  ];
  const lifecycle = column('15%', {
    title: 'Expiry / review',
    render: row => <GrantLifecycle grant={row.grant} />,
  });

  const namespaceColumns: TableColumn<GrantRow>[] = [
    ...shared,
    column('12%', {
      title: 'Namespace',
      render: row => <Where cluster={row.cluster} namespace={row.namespace!} />,
    }),
    lifecycle,
    column('10%', {
      title: 'Actions',
      render: row =>
        canRevoke && row.grant.managed ? (
          <Button
            size="small"
            variant="outlined"
            style={{ whiteSpace: 'nowrap' }}
            aria-label={`Revoke ${principalLabel(row.grant)} ${
              row.grant.level
            } on ${row.cluster}/${row.namespace}`}
            onClick={() => setRevoking(row)}
          >
            Revoke
          </Button>
        ) : null,
    }),
  ];
  // No Revoke here: a cluster-wide grant (the Cluster User Role among them)
  // may serve other services, and the backend refuses to revoke it.
  const clusterColumns: TableColumn<GrantRow>[] = [
    ...shared,
    column('22%', { title: 'Cluster', field: 'cluster' }),
    lifecycle,
  ];

  const options = {
    search: false,
    padding: 'dense' as const,
    paging: true,
    pageSize: 20,
    pageSizeOptions: [20, 50, 100],
    emptyRowsWhenPaging: false,
    // Dragging headers wraps each sortable header button in another
    // focusable element: nested interactive controls, for no use here.
    draggable: false,
    tableLayout: 'fixed' as const,
  };

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
      <div data-testid="aks-namespace-grants">
        <Table<GrantRow>
          title="Who has access to these namespaces"
          columns={namespaceColumns}
          data={namespaceRows}
          localization={{
            body: {
              emptyDataSourceMessage:
                'No grant in these namespaces matches the filters',
            },
          }}
          options={options}
        />
      </div>
      {clusterRows.length > 0 && (
        <Box mt={2}>
          <Button
            aria-expanded={showClusterWide}
            aria-controls="aks-cluster-wide-grants"
            startIcon={
              showClusterWide ? <ExpandLessIcon /> : <ExpandMoreIcon />
            }
            onClick={() => setShowClusterWide(shown => !shown)}
          >
            Cluster-wide access ({clusterRows.length})
          </Button>
          <Typography variant="body2">
            Grants on a whole cluster reach every namespace on it, these
            included. The platform team manages them.
          </Typography>
          {showClusterWide && (
            <div id="aks-cluster-wide-grants" data-testid="aks-cluster-grants">
              <Table<GrantRow>
                title="Cluster-wide access"
                columns={clusterColumns}
                data={clusterRows}
                options={options}
              />
            </div>
          )}
        </Box>
      )}
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
