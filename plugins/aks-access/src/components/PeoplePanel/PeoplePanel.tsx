import {
  comparePeopleLevels,
  GrantLevel,
  PEOPLE_LEVELS,
  PeopleLevel,
  PersonAccess,
} from '@aks-access/plugin-aks-access-common';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { aksAccessApiRef } from '../../api';
import { AccessPathChain } from '../AccessPaths/AccessPathChain';
import { FixedColumnsTable } from '../FixedColumns/FixedColumns';
import { WhatCanMatrix } from '../WhatCanMatrix/WhatCanMatrix';
import { useAlertChipStyles } from '../alertChip';
import { SensitiveChips, SensitiveList } from './SensitiveChips';

const PAGE_SIZE = 25;

/** A level as the backend gave it; a custom one with the roles it named. */
const levelLabel = (level: GrantLevel, customRoles?: string[]) =>
  level === 'custom' && customRoles?.length
    ? `custom: ${customRoles.join(', ')}`
    : level;

const PersonRow = ({
  person,
  entityRef,
}: {
  person: PersonAccess;
  entityRef: string;
}) => {
  const [open, setOpen] = useState(false);
  const name = person.user.displayName ?? person.user.id;
  const chips = useAlertChipStyles();
  return (
    <>
      <TableRow data-testid="person-row">
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} how ${name} has access`}
            aria-expanded={open}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <ExpandLess /> : <ExpandMore />}
          </IconButton>
        </TableCell>
        <TableCell>
          {person.user.entityRef ? (
            <EntityRefLink entityRef={person.user.entityRef} title={name} />
          ) : (
            name
          )}
          {person.user.userPrincipalName && (
            <Typography variant="caption" color="textSecondary" component="div">
              {person.user.userPrincipalName}
            </Typography>
          )}
        </TableCell>
        <TableCell>
          <Chip
            size="small"
            label={levelLabel(person.highestLevel, person.customRoles)}
            // Write or more stands out.
            className={
              comparePeopleLevels(person.highestLevel, 'write') >= 0
                ? chips.alert
                : undefined
            }
          />
        </TableCell>
        <TableCell>
          <SensitiveChips held={person.sensitivePermissions} />
        </TableCell>
        <TableCell>
          {person.namespaces.map(ns => (
            <Chip
              key={`${ns.cluster}/${ns.namespace}`}
              size="small"
              variant="outlined"
              style={{ margin: 2 }}
              label={`${ns.cluster}/${ns.namespace}: ${levelLabel(
                ns.level,
                ns.customRoles,
              )}`}
            />
          ))}
        </TableCell>
      </TableRow>
      {open && (
        <TableRow>
          <TableCell />
          <TableCell colSpan={4}>
            {person.sensitivePermissions.length > 0 && (
              <Box mb={1}>
                <Typography variant="subtitle2" component="h3">
                  Sensitive permissions
                </Typography>
                <SensitiveList held={person.sensitivePermissions} />
              </Box>
            )}
            {person.namespaces.map(ns => (
              <Box key={`${ns.cluster}/${ns.namespace}`} mb={1}>
                <Typography variant="subtitle2" component="h3">
                  {ns.cluster}/{ns.namespace}
                </Typography>
                {ns.paths.map(path => (
                  <AccessPathChain
                    key={path.grantId}
                    who={person.user}
                    path={path}
                  />
                ))}
                <WhatCanMatrix
                  entityRef={entityRef}
                  principal={person.user.entityRef ?? person.user.id}
                  name={name}
                  cluster={ns.cluster}
                  namespace={ns.namespace}
                />
              </Box>
            ))}
          </TableCell>
        </TableRow>
      )}
    </>
  );
};

/**
 * The people behind the grants: every user who holds a level in the
 * entity's namespaces, or a custom role there, through nested groups, one
 * row per person.
 */
export const PeoplePanel = ({ entityRef }: { entityRef: string }) => {
  const api = useApi(aksAccessApiRef);
  const [minLevel, setMinLevel] = useState<PeopleLevel | ''>('');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      setPage(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const people = useAsync(
    () =>
      api.getEntityPeople(entityRef, {
        minLevel: minLevel || undefined,
        q: q || undefined,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
    [api, entityRef, minLevel, q, page],
  );
  const membership = people.value?.membership;

  return (
    <InfoCard title="People">
      <Box display="flex" mb={1} style={{ gap: 16 }}>
        <TextField
          select
          id="aks-people-level"
          label="At least"
          value={minLevel}
          style={{ minWidth: 160 }}
          onChange={e => {
            setMinLevel(e.target.value as PeopleLevel | '');
            setPage(0);
          }}
        >
          <MenuItem value="">any level</MenuItem>
          {PEOPLE_LEVELS.map(level => (
            <MenuItem key={level} value={level}>
              {level}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="aks-people-search"
          label="Search people"
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
      </Box>
      {membership?.message && (
        <Alert severity="warning">{membership.message}</Alert>
      )}
      {membership && (
        <Typography variant="caption" color="textSecondary" component="div">
          {membership.source === 'graph'
            ? `Group membership from Microsoft Graph, nested groups included (${membership.users} users, ${membership.groups} groups)`
            : "Group membership from the catalog's memberOf only: nested groups are not shown"}
          {membership.refreshedAt &&
            `, as of ${new Date(membership.refreshedAt).toLocaleString()}`}
        </Typography>
      )}
      {people.loading && <Progress />}
      {people.error && <Alert severity="error">{people.error.message}</Alert>}
      {people.value && (
        <>
          <FixedColumnsTable
            aria-label="People"
            widths={[48, '20%', '12%', '38%', '30%']}
          >
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell>Person</TableCell>
                <TableCell>Highest level</TableCell>
                <TableCell>Sensitive permissions</TableCell>
                <TableCell>Namespaces</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {people.value.items.map(person => (
                <PersonRow
                  key={person.user.id}
                  person={person}
                  entityRef={entityRef}
                />
              ))}
              {people.value.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5}>
                    No one holds access here{q ? ` matching "${q}"` : ''}.
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </FixedColumnsTable>
          <TablePagination
            component="div"
            count={people.value.totalCount}
            page={page}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[PAGE_SIZE]}
            onPageChange={(_e, p) => setPage(p)}
          />
        </>
      )}
    </InfoCard>
  );
};
