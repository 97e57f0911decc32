import { makeStyles } from '@material-ui/core/styles';

/**
 * A visible ring on whatever the keyboard focuses, under the tab's root or a
 * dialog's paper (dialogs render outside the tab). MUI marks keyboard focus
 * with Mui-focusVisible; its own ripple alone is too faint to follow.
 */
export const useFocusRingStyles = makeStyles(theme => ({
  focusRing: {
    '& .Mui-focusVisible, & a:focus-visible, & input:focus-visible, & select:focus-visible, & textarea:focus-visible':
      {
        outline: `3px solid ${theme.palette.primary.main}`,
        outlineOffset: 2,
      },
  },
}));
