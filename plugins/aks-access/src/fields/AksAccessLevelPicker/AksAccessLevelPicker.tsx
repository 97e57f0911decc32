import {
  ACCESS_LEVELS,
  AKS_BUILTIN_ROLES,
  AccessLevel,
  isAccessLevel,
} from '@aks-access/plugin-aks-access-common';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { GrantCostHint } from '../../components/RequestAccess/GrantCostHint';
import { useClusters } from '../../hooks/useClusters';
import { useEntityViewer } from '../../hooks/useEntityViewer';
import { formContextValue } from '../formContextValue';
import { LEVEL_DESCRIPTIONS, levelMapsTo } from './levelExplanation';

export interface AksAccessLevelPickerOptions {
  /** The form field holding the chosen cluster; defaults to `cluster`. */
  clusterField?: string;
  /**
   * The levels to offer; should mirror `aksAccess.policy.grants.levels`,
   * which the backend enforces regardless.
   */
  levels?: string[];
  /**
   * A form field this level belongs to (e.g. `readers`): the picker shows
   * only once that field has a value, since a level for no one means nothing.
   */
  shownWith?: string;
  /** The form fields naming the entity, namespace and principal; default `entityRef`, `namespace`, `principal`. */
  entityRefField?: string;
  namespaceField?: string;
  principalField?: string;
}

/**
 * What the backend says a grant to the signed-in user would spend of the
 * subscription's role assignments, when the form asks for one for them.
 */
function useOwnGrantCost(
  formContext: unknown,
  options: AksAccessLevelPickerOptions,
  cluster: string | undefined,
) {
  const field = (name: string | undefined, fallback: string) =>
    formContextValue(formContext, name ?? fallback);
  const principal = field(options.principalField, 'principal');
  const namespace = field(options.namespaceField, 'namespace');
  const forAUser = principal?.toLocaleLowerCase('en-US').startsWith('user:');
  const { value: viewer } = useEntityViewer(
    forAUser && namespace
      ? field(options.entityRefField, 'entityRef')
      : undefined,
  );
  if (
    !viewer ||
    viewer.user.entityRef.toLocaleLowerCase('en-US') !==
      principal?.toLocaleLowerCase('en-US')
  ) {
    return undefined;
  }
  return viewer.namespaces.find(
    ns => ns.cluster === cluster && ns.namespace === namespace,
  )?.grantCost;
}

export const AksAccessLevelPicker = ({
  onChange,
  formData,
  required,
  rawErrors,
  schema,
  uiSchema,
  formContext,
}: FieldExtensionComponentProps<string, AksAccessLevelPickerOptions>) => {
  const options = uiSchema?.['ui:options'] ?? {};
  const levels: AccessLevel[] = (options.levels ?? [...ACCESS_LEVELS]).filter(
    isAccessLevel,
  );
  const clusterName = formContextValue(
    formContext,
    options.clusterField ?? 'cluster',
  );
  const { value: clusters } = useClusters();
  const cluster = clusters?.find(c => c.name === clusterName);
  const grantCost = useOwnGrantCost(formContext, options, clusterName);
  if (options.shownWith && !formContextValue(formContext, options.shownWith)) {
    return null;
  }

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
    >
      <FormLabel component="legend">{schema.title ?? 'Access level'}</FormLabel>
      <RadioGroup
        aria-label={schema.title ?? 'Access level'}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value)}
      >
        {levels.map(level => (
          <FormControlLabel
            key={level}
            value={level}
            control={<Radio />}
            label={
              <>
                <Typography variant="body1">{level}</Typography>
                <Typography variant="body2">
                  {LEVEL_DESCRIPTIONS[level]}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {cluster ? `On ${cluster.title}: ` : ''}
                  {levelMapsTo(level, cluster?.authorizationMode)}
                </Typography>
              </>
            }
          />
        ))}
      </RadioGroup>
      <FormHelperText>
        Every level also ensures "{AKS_BUILTIN_ROLES.clusterUser.roleName}" on
        the cluster, so that az aks get-credentials works.
      </FormHelperText>
      {grantCost && clusterName && (
        <GrantCostHint cost={grantCost} cluster={clusterName} />
      )}
    </FormControl>
  );
};
