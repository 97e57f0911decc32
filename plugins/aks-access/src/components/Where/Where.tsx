import Typography from '@material-ui/core/Typography';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/**
 * A namespace with its cluster under it, for table cells: as one
 * `cluster/namespace` string the browser breaks it at the slash or a hyphen.
 */
export const Where = ({
  cluster,
  namespace,
}: {
  cluster: string;
  namespace: string;
}) => (
  <>
    <Typography variant="body2" component="span" display="block" style={NOWRAP}>
      {namespace}
    </Typography>
    <Typography
      variant="caption"
      component="span"
      display="block"
      color="textSecondary"
      style={NOWRAP}
    >
      on {cluster}
    </Typography>
  </>
);
