import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import {
  BuiltinRole,
  Change,
  parseAzureScope,
  roleAssignmentName,
  roleDefinitionGuid,
} from '@aks-access/plugin-aks-access-common';
import { statusOf, withRetry } from '../resilience/retry';

export type AssignablePrincipalType = 'Group' | 'User' | 'ServicePrincipal';

export interface RoleAssignmentSpec {
  scope: string;
  role: BuiltinRole;
  principalId: string;
  /** Always set: it spares ARM a directory lookup that fails during replication. */
  principalType: AssignablePrincipalType;
  /** Marks the assignment managed, which is what lets Backstage revoke it. */
  description: string;
}

export function managedDescription(entityRef: string): string {
  return `managed-by: aks-access; entity: ${entityRef}`;
}

export function isManaged(assignment: {
  description?: string | null;
}): boolean {
  return /managed-by:\s*aks-access/i.test(assignment.description ?? '');
}

export function roleDefinitionIdAt(scope: string, role: BuiltinRole): string {
  const { subscriptionId } = parseAzureScope(scope);
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`;
}

function azureChange(
  spec: { scope: string },
  name: string,
  action: Change['action'],
): Change {
  return {
    target: 'azure',
    kind: 'roleAssignments',
    name,
    id: `${spec.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    action,
  };
}

/** Role assignments under deterministic names, so a re-run finds its own. */
export class RoleAssignments {
  constructor(
    private readonly clientFor: (
      subscriptionId: string,
    ) => AuthorizationManagementClient,
  ) {}

  private client(scope: string) {
    return this.clientFor(parseAzureScope(scope).subscriptionId);
  }

  /** The role definition at the scope, and the assignment's deterministic name. */
  private identify(spec: RoleAssignmentSpec) {
    const roleDefinitionId = roleDefinitionIdAt(spec.scope, spec.role);
    const name = roleAssignmentName(
      spec.scope,
      roleDefinitionId,
      spec.principalId,
    );
    return { roleDefinitionId, name, client: this.client(spec.scope) };
  }

  async ensure(spec: RoleAssignmentSpec, dryRun: boolean): Promise<Change> {
    const { name, client } = this.identify(spec);
    const existing = await withRetry(() =>
      client.roleAssignments.get(spec.scope, name),
    ).catch(error => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
    if (existing) return azureChange(spec, name, 'unchanged');
    return this.create(spec, dryRun);
  }

  /** Creates without looking first: for a caller that already knows it is missing. */
  async create(spec: RoleAssignmentSpec, dryRun: boolean): Promise<Change> {
    const { roleDefinitionId, name, client } = this.identify(spec);
    if (!dryRun) {
      await withRetry(async () => {
        try {
          await client.roleAssignments.create(spec.scope, name, {
            roleDefinitionId,
            principalId: spec.principalId,
            principalType: spec.principalType,
            description: spec.description,
          });
        } catch (error) {
          // A retried create whose first try landed: the assignment is there.
          if ((error as { code?: string }).code === 'RoleAssignmentExists')
            return;
          throw error;
        }
      });
    }
    return azureChange(spec, name, 'create');
  }

  /** The principal's assignment of the role at the scope or above it, if any. */
  async findHeld(
    scope: string,
    role: BuiltinRole,
    principalId: string,
  ): Promise<Change | undefined> {
    const client = this.client(scope);
    return withRetry(async () => {
      for await (const a of client.roleAssignments.listForScope(scope, {
        filter: `principalId eq '${principalId}'`,
      })) {
        const at = (a.scope ?? '').toLowerCase();
        if (
          roleDefinitionGuid(a.roleDefinitionId ?? '') === role.guid &&
          scope.toLowerCase().startsWith(at)
        ) {
          return azureChange({ scope: a.scope! }, a.name!, 'unchanged');
        }
      }
      return undefined;
    });
  }

  /** Managed assignments exactly at `scope` (not inherited, not below). */
  async listManagedAtScope(scope: string) {
    const client = this.client(scope);
    return withRetry(async () => {
      const found = [];
      for await (const a of client.roleAssignments.listForScope(scope, {
        filter: 'atScope()',
      })) {
        if (
          (a.scope ?? '').toLowerCase() === scope.toLowerCase() &&
          isManaged(a)
        ) {
          found.push(a);
        }
      }
      return found;
    });
  }

  /** Managed assignments of one principal anywhere in the subscription. */
  async listManagedForPrincipal(subscriptionId: string, principalId: string) {
    const client = this.clientFor(subscriptionId);
    return withRetry(async () => {
      const found = [];
      for await (const a of client.roleAssignments.listForSubscription({
        filter: `principalId eq '${principalId}'`,
      })) {
        if (isManaged(a)) found.push(a);
      }
      return found;
    });
  }

  async getById(id: string) {
    const { subscriptionId } = parseAzureScope(
      id.split('/providers/Microsoft.Authorization/')[0],
    );
    return withRetry(() =>
      this.clientFor(subscriptionId).roleAssignments.getById(id),
    ).catch(error => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
  }

  async deleteById(id: string, dryRun: boolean): Promise<Change> {
    const scope = id.split(
      /\/providers\/Microsoft\.Authorization\/roleAssignments\//i,
    )[0];
    const name = id.split('/').pop()!;
    if (!dryRun) {
      await withRetry(() => this.client(scope).roleAssignments.deleteById(id));
    }
    return azureChange({ scope }, name, 'delete');
  }
}
