import Box from '@material-ui/core/Box';
import Table, { TableProps } from '@material-ui/core/Table';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  table: {
    // Fixed widths keep the columns where the eye expects them across rows
    // and pages, and words wrap between words, never inside one.
    tableLayout: 'fixed',
    '& th, & td': {
      wordBreak: 'normal',
      overflowWrap: 'normal',
      hyphens: 'none',
      verticalAlign: 'top',
    },
    '& button, & .MuiChip-root': { whiteSpace: 'nowrap' },
  },
});

export interface FixedColumnsTableProps extends TableProps {
  /** One CSS width per column, in order. */
  widths: readonly (string | number)[];
  /** The table's smallest width; narrower screens scroll it sideways. */
  minWidth?: number;
  children: ReactNode;
}

/** A dense table whose columns keep fixed widths and whose cells never break a word. */
export const FixedColumnsTable = ({
  widths,
  minWidth = 900,
  children,
  ...props
}: FixedColumnsTableProps) => {
  const classes = useStyles();
  return (
    <Box overflow="auto">
      <Table
        size="small"
        className={classes.table}
        style={{ minWidth }}
        {...props}
      >
        <colgroup>
          {widths.map((width, i) => (
            <col key={i} style={{ width }} />
          ))}
        </colgroup>
        {children}
      </Table>
    </Box>
  );
};
