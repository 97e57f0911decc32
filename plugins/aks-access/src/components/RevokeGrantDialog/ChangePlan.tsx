import type { Change } from '@aks-access/plugin-aks-access-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';

function describeTarget(change: Change): string {
  const where = change.cluster ? ` on ${change.cluster}` : '';
  const name = change.namespace
    ? `${change.namespace}/${change.name}`
    : change.name;
  return `${change.kind} ${name}${where}`;
}

export const ChangePlan = ({
  changes,
  emptyText = 'Nothing to change: the grant is already gone.',
}: {
  changes: readonly Change[];
  /** What an empty plan means where it is shown. */
  emptyText?: string;
}) => {
  if (changes.length === 0) {
    return <ListItemText primary={emptyText} />;
  }
  return (
    <List dense aria-label="Planned changes">
      {changes.map(change => (
        <ListItem
          key={`${change.target}:${change.id ?? describeTarget(change)}`}
        >
          <ListItemText
            primary={`${change.action} ${describeTarget(change)}`}
            secondary={change.target === 'azure' ? change.id : undefined}
          />
        </ListItem>
      ))}
    </List>
  );
};
