import type {
  CoveringGroup,
  ViewerGrantCost,
} from '@aks-access/plugin-aks-access-common';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';

const count = (n: number) => n.toLocaleString('en-US');

/** What a grant to the group would spend instead, beside the viewer's own figure. */
function groupSentence(group: CoveringGroup, user: number): string {
  const { displayName, assignments: n } = group;
  const same = n === user ? 'the same ' : '';
  if (group.requestable) {
    return n === 0
      ? ` Requesting for ${displayName}, a group you are in, adds none (it holds them already) and covers all its members.`
      : ` Requesting for ${displayName}, a group you are in, uses ${same}${count(
          n,
        )} for all its members.`;
  }
  const would = n === 0 ? 'add none' : `use ${same}${count(n)}`;
  return ` A grant to ${displayName}, a group you are in, would ${would} for all its members; its owners can ask for it.`;
}

/**
 * Azure caps role assignments per subscription, and a grant to one person
 * spends them where a grant to a group they are in would cover every
 * member at once: said where the viewer chooses whom to ask for, in the
 * backend's figures.
 */
export const GrantCostHint = ({
  cost,
  cluster,
  onChooseGroup,
}: {
  cost: ViewerGrantCost;
  cluster: string;
  /** Switches the request to that group, where the form can. */
  onChooseGroup?: (entityRef: string) => void;
}) => {
  if (cost.user === 0) return null;
  const { budget } = cost;
  const [group] = cost.groups;
  const alternative = group ? groupSentence(group, cost.user) : '';
  return (
    <Alert
      severity="info"
      role="note"
      aria-label="Role assignments"
      action={
        group?.requestable && onChooseGroup ? (
          <Button
            color="inherit"
            size="small"
            onClick={() => onChooseGroup(group.entityRef)}
          >
            Ask for {group.displayName}
          </Button>
        ) : undefined
      }
    >
      A grant to you uses {count(cost.user)} of the role assignments Azure
      allows the subscription of {cluster} ({count(budget.count)} of{' '}
      {count(budget.limit)} used).{alternative}
    </Alert>
  );
};
