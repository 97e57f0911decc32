import type { Grant } from '@aks-access/plugin-aks-access-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import TimerIcon from '@material-ui/icons/Timer';
import { endsIn, localTime } from '../../timeFormat';
import { useAlertChipStyles } from '../alertChip';
import { Name } from '../Name/Name';

const ReviewedBy = ({ review }: { review: NonNullable<Grant['review']> }) =>
  review.lastReviewedAt ? (
    <>
      Last reviewed {localTime(review.lastReviewedAt)}
      {review.reviewedBy && (
        <>
          {' '}
          by <Name entityRef={review.reviewedBy} />
        </>
      )}
    </>
  ) : (
    <>Never reviewed</>
  );

/** When a grant ends by itself (a time-bound grant), and when its owners must next confirm it. */
export const GrantLifecycle = ({ grant }: { grant: Grant }) => {
  const classes = useAlertChipStyles();
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
          label={endsIn(expiresAt)}
          title={`Time-bound: revoked by itself at ${localTime(expiresAt)}`}
        />
      )}
      {review?.overdue && (
        <Chip size="small" className={classes.alert} label="review overdue" />
      )}
      {review && (
        <Typography variant="caption" display="block" color="textSecondary">
          review due {localTime(review.dueAt)}
          <br />
          <ReviewedBy review={review} />
        </Typography>
      )}
    </>
  );
};
