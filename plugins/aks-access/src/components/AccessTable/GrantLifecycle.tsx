import type { Grant } from '@aks-access/plugin-aks-access-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import TimerIcon from '@material-ui/icons/Timer';

const useStyles = makeStyles(theme => ({
  overdue: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

const local = (iso: string) => new Date(iso).toLocaleString();

function reviewedTitle(review: NonNullable<Grant['review']>): string {
  return review.lastReviewedAt
    ? `Last reviewed ${local(review.lastReviewedAt)}${
        review.reviewedBy ? ` by ${review.reviewedBy}` : ''
      }`
    : 'Never reviewed';
}

/** When a grant ends by itself (a time-bound grant), and when its owners must next confirm it. */
export const GrantLifecycle = ({ grant }: { grant: Grant }) => {
  const classes = useStyles();
  const { expiresAt, review } = grant;
  if (!expiresAt && !review) return null;
  return (
    <>
      {expiresAt && (
        <Chip
          size="small"
          variant="outlined"
          color="primary"
          icon={<TimerIcon />}
          label={`expires ${local(expiresAt)}`}
          title="Time-bound: revoked by itself at this time"
        />
      )}
      {review?.overdue && (
        <Chip
          size="small"
          className={classes.overdue}
          label="review overdue"
          title={reviewedTitle(review)}
        />
      )}
      {review && (
        <Typography
          variant="caption"
          display="block"
          color={review.overdue ? 'error' : 'textSecondary'}
          title={reviewedTitle(review)}
        >
          review due {local(review.dueAt)}
        </Typography>
      )}
    </>
  );
};
