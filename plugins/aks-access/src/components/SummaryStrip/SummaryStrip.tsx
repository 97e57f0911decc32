import type {
  EntityAccessResponse,
  EntityViewerResponse,
} from '@aks-access/plugin-aks-access-common';
import Box from '@material-ui/core/Box';
import ButtonBase from '@material-ui/core/ButtonBase';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { levelLabel } from '../AccessTable/grantRows';
import { summarize } from '../AksAccessCard/cardSummary';
import type { Section } from './sections';

const useStyles = makeStyles(theme => ({
  tile: {
    display: 'block',
    width: '100%',
    height: '100%',
    textAlign: 'left',
    padding: theme.spacing(1.5, 2),
    borderRadius: theme.shape.borderRadius,
    '&:focus-visible': {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
}));

interface TileProps {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  /** The section it opens, for the accessible name. */
  opens: string;
  onClick: () => void;
}

const Tile = ({ label, value, detail, opens, onClick }: TileProps) => {
  const classes = useStyles();
  return (
    <Paper variant="outlined" style={{ flex: '1 1 200px' }}>
      <ButtonBase
        className={classes.tile}
        onClick={onClick}
        title={`Open ${opens}`}
      >
        <Typography variant="overline" component="span" display="block">
          {label}
        </Typography>
        <Typography variant="h6" component="span" display="block">
          {value}
        </Typography>
        {detail && (
          <Typography variant="body2" color="textSecondary" component="span">
            {detail}
          </Typography>
        )}
      </ButtonBase>
    </Paper>
  );
};

function yourAccess(viewer: EntityViewerResponse | undefined) {
  if (!viewer) return { value: '…' };
  const reached = viewer.namespaces.filter(ns => ns.level);
  const levels = [...new Set(reached.map(ns => levelLabel(ns.level!)))];
  const value = levels.length ? levels.join(', ') : 'none';
  const of = `on ${reached.length} of ${viewer.namespaces.length} namespaces`;
  return {
    value: viewer.owner ? `Owner · ${value}` : value,
    detail: reached.length ? of : 'Ask for temporary access',
  };
}

export interface SummaryStripProps {
  access: EntityAccessResponse;
  viewer?: EntityViewerResponse;
  /** Pending requests the viewer may decide: not their own. */
  pendingToDecide?: number;
  onOpen: (section: Section) => void;
}

/** The tab in four numbers, each opening the section behind it. */
export const SummaryStrip = ({
  access,
  viewer,
  pendingToDecide,
  onOpen,
}: SummaryStripProps) => {
  const summary = summarize(access);
  const mine = yourAccess(viewer);
  const worst = summary.worstFinding;
  return (
    <Box
      component="section"
      aria-label="Summary"
      display="flex"
      flexWrap="wrap"
      style={{ gap: 12 }}
      data-testid="aks-access-summary"
    >
      <Tile
        label="Your access"
        value={mine.value}
        detail={mine.detail}
        opens="Access"
        onClick={() => onOpen('access')}
      />
      <Tile
        label="Write or more"
        value={`${summary.writersCount} groups and users`}
        detail="hold write, admin or cluster-admin"
        opens="Access"
        onClick={() => onOpen('access')}
      />
      {viewer?.approver && (
        <Tile
          label="Pending requests"
          value={
            pendingToDecide === undefined ? '…' : `${pendingToDecide} to decide`
          }
          detail="you approve or deny them"
          opens="Requests"
          onClick={() => onOpen('requests')}
        />
      )}
      <Tile
        label="Findings"
        value={`${summary.serviceFindingCount} in this service`}
        detail={[
          worst && summary.serviceFindingCount
            ? `worst: ${worst.severity}, ${worst.title}`
            : `${summary.clusterFindingCount} on the clusters`,
          summary.overdueReviewCount > 0 &&
            `${summary.overdueReviewCount} grants due for review`,
        ]
          .filter(Boolean)
          .join(' · ')}
        opens="Findings"
        onClick={() => onOpen('findings')}
      />
    </Box>
  );
};
