import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { RoleAssignment } from '@azure/arm-authorization';
import {
  ArmId,
  armIdIsAtOrAbove,
  BuiltinRole,
  Change,
  formatArmId,
  parseArmId,
  RoleAssignmentId,
  roleAssignmentName,
  roleDefinitionGuid,
  sameArmId,
} from '@aks-access/plugin-aks-access-common';
import { statusOf, withRetry } from '../resilience/retry';
import { isManagedAssignment } from './managedMarkers';

export type AssignablePrincipalType = 'Group' | 'User' | 'ServicePrincipal';

export interface RoleAssignmentSpec {
  /** Parsed (parseArmId): only its rebuilt id reaches ARM. */
  scope: ArmId;
  role: BuiltinRole;
  principalId: string;
  /** Always set: it spares ARM a directory lookup that fails during replication. */
  principalType: AssignablePrincipalType;
  /** Marks the assignment managed, which is what lets Backstage revoke it. */
  description: string;
}

/** An ARM id read back from ARM, parsed like any other; undefined if it would not parse. */
export function armIdFromArm(value?: string | null): ArmId | undefined {
  try {
    return parseArmId(value, 'ARM id');
  } catch {
    return undefined;
  }
}

export function roleDefinitionIdAt(scope: ArmId, role: BuiltinRole): string {
  return formatArmId({
    subscriptionId: scope.subscriptionId,
    providers: [
      {
        namespace: 'Microsoft.Authorization',
        resources: [{ type: 'roleDefinitions', name: role.guid }],
      },
    ],
  });
}

function azureChange(
  scope: ArmId,
  name: string,
  action: Change['action'],
): Change {
  return {
    target: 'azure',
    kind: 'roleAssignments',
    name,
    id: `${scope.id}/providers/Microsoft.Authorization/roleAssignments/${name}`,
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

  private client(scope: ArmId) {
    return this.clientFor(scope.subscriptionId);
  }

  /** The role definition at the scope, and the assignment's deterministic name. */
  private identify(spec: RoleAssignmentSpec) {
    const roleDefinitionId = roleDefinitionIdAt(spec.scope, spec.role);
    const name = roleAssignmentName(
      spec.scope.id,
      roleDefinitionId,
      spec.principalId,
    );
    return { roleDefinitionId, name, client: this.client(spec.scope) };
  }

  async ensure(spec: RoleAssignmentSpec, dryRun: boolean): Promise<Change> {
    return (await this.find(spec)) ?? this.create(spec, dryRun);
  }

  /** The assignment `spec` names, as an `unchanged` change, if it exists. */
  async find(spec: RoleAssignmentSpec): Promise<Change | undefined> {
    return (await this.get(spec)) ? this.unchanged(spec) : undefined;
  }

  /** The assignment `spec` names, left as it is. */
  unchanged(spec: RoleAssignmentSpec): Change {
    return azureChange(spec.scope, this.identify(spec).name, 'unchanged');
  }

  /** The ARM id of the assignment `spec` names. */
  idOf(spec: RoleAssignmentSpec): string {
    return this.unchanged(spec).id!;
  }

  /** The assignment `spec` names, as ARM holds it. */
  async get(spec: RoleAssignmentSpec): Promise<RoleAssignment | undefined> {
    const { name, client } = this.identify(spec);
    return withRetry(() =>
      client.roleAssignments.get(spec.scope.id, name),
    ).catch(error => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
  }

  /**
   * Writes `spec`'s description onto the assignment it names, which exists:
   * a PUT of the same assignment, which is how ARM updates one.
   */
  async updateDescription(
    spec: RoleAssignmentSpec,
    dryRun: boolean,
  ): Promise<Change> {
    const change = await this.create(spec, dryRun);
    return { ...change, action: 'update' };
  }

  /** Creates without looking first: for a caller that already knows it is missing. */
  async create(spec: RoleAssignmentSpec, dryRun: boolean): Promise<Change> {
    const { roleDefinitionId, name, client } = this.identify(spec);
    if (!dryRun) {
      await withRetry(async () => {
        try {
          await client.roleAssignments.create(spec.scope.id, name, {
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
    return azureChange(spec.scope, name, 'create');
  }

  /** The principal's assignment of the role at the scope or above it, if any. */
  async findHeld(
    scope: ArmId,
    role: BuiltinRole,
    principalId: string,
  ): Promise<Change | undefined> {
    const client = this.client(scope);
    return withRetry(async () => {
      for await (const a of client.roleAssignments.listForScope(scope.id, {
        filter: `principalId eq '${principalId}'`,
      })) {
        const at = armIdFromArm(a.scope);
        if (
          at &&
          roleDefinitionGuid(a.roleDefinitionId ?? '') === role.guid &&
          armIdIsAtOrAbove(at, scope)
        ) {
          return azureChange(at, a.name!, 'unchanged');
        }
      }
      return undefined;
    });
  }

  /** Managed assignments exactly at `scope` (not inherited, not below). */
  async listManagedAtScope(scope: ArmId): Promise<RoleAssignment[]> {
    const client = this.client(scope);
    return withRetry(async () => {
      const found = [];
      for await (const a of client.roleAssignments.listForScope(scope.id, {
        filter: 'atScope()',
      })) {
        const at = armIdFromArm(a.scope);
        if (at && sameArmId(at, scope) && isManagedAssignment(a)) found.push(a);
      }
      return found;
    });
  }

  /** Managed assignments of one principal anywhere in the subscription. */
  async listManagedForPrincipal(
    subscriptionId: string,
    principalId: string,
  ): Promise<RoleAssignment[]> {
    const client = this.clientFor(subscriptionId);
    return withRetry(async () => {
      const found = [];
      for await (const a of client.roleAssignments.listForSubscription({
        filter: `principalId eq '${principalId}'`,
      })) {
        if (isManagedAssignment(a)) found.push(a);
      }
      return found;
    });
  }

  /** The assignment with the id, as ARM holds it. */
  async getById(id: RoleAssignmentId): Promise<RoleAssignment | undefined> {
    return withRetry(() =>
      this.client(id.id).roleAssignments.getById(id.id.id),
    ).catch(error => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
  }

  /** Ids read from ARM go through parseRoleAssignmentId first, like any other. */
  async deleteById(id: RoleAssignmentId, dryRun: boolean): Promise<Change> {
    if (!dryRun) {
      await withRetry(() =>
        this.client(id.id).roleAssignments.deleteById(id.id.id),
      );
    }
    return azureChange(id.scope, id.name, 'delete');
  }
}
