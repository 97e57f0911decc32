import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArmClients } from './ArmClients';

export interface RoleAssignmentRecord {
  id: string;
  name: string;
  scope: string;
  /** The GUID, lower-case (ARM returns it subscription-qualified). */
  roleDefinitionGuid: string;
  principalId: string;
  principalType?: string;
  description?: string;
}

export interface RoleDefinitionRecord {
  guid: string;
  roleName: string;
  actions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface FederatedCredentialRecord {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface IdentityRecord {
  id: string;
  name: string;
  clientId: string;
  principalId: string;
  resourceGroup: string;
  subscriptionId: string;
  tags: Record<string, string>;
  /** Undefined until read; only read for identities a ServiceAccount names. */
  federatedCredentials?: FederatedCredentialRecord[];
}

export interface SubscriptionHealth {
  syncedAt?: Date;
  failing?: { message: string; since: Date };
}

export const MANAGED_DESCRIPTION = /managed-by:\s*aks-access/i;

const guidOf = (roleDefinitionId: string) =>
  roleDefinitionId.split('/').pop()!.toLowerCase();

const lower = (s: string) => s.toLowerCase();

/**
 * What ARM says, per subscription: role assignments (every scope in it, so
 * cluster, namespace, resource group and the identities' own), the role
 * definitions they use, and the user-assigned identities. A refresh costs a
 * fixed number of calls per subscription plus one per identity that a
 * ServiceAccount names — never one per namespace.
 */
export class AzureSnapshot {
  private assignments = new Map<string, RoleAssignmentRecord[]>();
  private readonly definitions = new Map<string, RoleDefinitionRecord>();
  private identities = new Map<string, IdentityRecord>();
  private readonly health = new Map<string, SubscriptionHealth>();
  /** Managed assignments seen once and missing since, by id. */
  private readonly gone = new Map<
    string,
    { assignment: RoleAssignmentRecord; since: Date }
  >();
  private readonly expectedDeletions = new Set<string>();
  private byScope = new Map<string, RoleAssignmentRecord[]>();
  private byPrincipal = new Map<string, RoleAssignmentRecord[]>();
  private byClientId = new Map<string, IdentityRecord>();

  constructor(
    private readonly arm: ArmClients,
    private readonly logger: LoggerService,
  ) {}

  async refresh(
    subscriptions: string[],
    identityClientIdsInUse: Set<string>,
  ): Promise<void> {
    await Promise.all(subscriptions.map(s => this.refreshSubscription(s)));
    this.reindex();
    await Promise.all(
      [...identityClientIdsInUse]
        .map(clientId => this.byClientId.get(lower(clientId)))
        .filter((i): i is IdentityRecord => !!i)
        .map(i => this.refreshFederatedCredentials(i)),
    );
  }

  /** The write path deleted these managed assignments; they are not drift. */
  expectDeleted(assignmentIds: string[]): void {
    for (const id of assignmentIds) this.expectedDeletions.add(lower(id));
  }

  private async refreshSubscription(subscriptionId: string) {
    const health = this.health.get(subscriptionId) ?? {};
    this.health.set(subscriptionId, health);
    try {
      const authorization = this.arm.authorizationFor(subscriptionId);
      const msi = this.arm.msiFor(subscriptionId);
      const [assignments, identities] = await Promise.all([
        collect(authorization.roleAssignments.listForSubscription()),
        collect(msi.userAssignedIdentities.listBySubscription()),
      ]);
      const records = assignments.map(
        (a): RoleAssignmentRecord => ({
          id: a.id!,
          name: a.name!,
          scope: a.scope!,
          roleDefinitionGuid: guidOf(a.roleDefinitionId!),
          principalId: lower(a.principalId!),
          principalType: a.principalType,
          description: a.description ?? undefined,
        }),
      );
      if (records.some(r => !this.definitions.has(r.roleDefinitionGuid))) {
        const definitions = await collect(
          authorization.roleDefinitions.list(
            `/subscriptions/${subscriptionId}`,
          ),
        );
        for (const d of definitions) {
          const permissions = d.permissions ?? [];
          this.definitions.set(lower(d.name!), {
            guid: lower(d.name!),
            roleName: d.roleName!,
            actions: permissions.flatMap(p => p.actions ?? []),
            dataActions: permissions.flatMap(p => p.dataActions ?? []),
            notDataActions: permissions.flatMap(p => p.notDataActions ?? []),
          });
        }
      }
      this.noteGoneManaged(this.assignments.get(subscriptionId) ?? [], records);
      this.assignments.set(subscriptionId, records);
      for (const [key, identity] of this.identities) {
        if (identity.subscriptionId === subscriptionId)
          this.identities.delete(key);
      }
      for (const i of identities) {
        const previous = this.identities.get(lower(i.id!));
        this.identities.set(lower(i.id!), {
          id: i.id!,
          name: i.name!,
          clientId: lower(i.clientId!),
          principalId: lower(i.principalId!),
          subscriptionId,
          resourceGroup: i.id!.split('/')[4],
          tags: i.tags ?? {},
          federatedCredentials: previous?.federatedCredentials,
        });
      }
      health.syncedAt = new Date();
      health.failing = undefined;
    } catch (error) {
      const message = (error as Error).message;
      this.logger.warn(
        `ARM refresh of subscription ${subscriptionId} failed: ${message}`,
      );
      health.failing = { message, since: health.failing?.since ?? new Date() };
    }
  }

  private noteGoneManaged(
    before: RoleAssignmentRecord[],
    after: RoleAssignmentRecord[],
  ) {
    const now = new Set(after.map(a => lower(a.id)));
    for (const a of before) {
      const id = lower(a.id);
      if (now.has(id) || !MANAGED_DESCRIPTION.test(a.description ?? ''))
        continue;
      if (this.expectedDeletions.delete(id)) continue;
      if (!this.gone.has(id))
        this.gone.set(id, { assignment: a, since: new Date() });
    }
    for (const id of now) this.gone.delete(id);
  }

  async refreshFederatedCredentials(identity: IdentityRecord): Promise<void> {
    try {
      const list = await collect(
        this.arm
          .msiFor(identity.subscriptionId)
          .federatedIdentityCredentials.list(
            identity.resourceGroup,
            identity.name,
          ),
      );
      identity.federatedCredentials = list.map(f => ({
        name: f.name!,
        issuer: f.issuer!,
        subject: f.subject ?? '',
        audiences: f.audiences ?? [],
      }));
    } catch (error) {
      this.logger.warn(
        `Reading the FICs of ${identity.id} failed: ${
          (error as Error).message
        }`,
      );
    }
  }

  private reindex() {
    const byScope = new Map<string, RoleAssignmentRecord[]>();
    const byPrincipal = new Map<string, RoleAssignmentRecord[]>();
    for (const records of this.assignments.values()) {
      for (const a of records) {
        push(byScope, lower(a.scope), a);
        push(byPrincipal, a.principalId, a);
      }
    }
    this.byScope = byScope;
    this.byPrincipal = byPrincipal;
    this.byClientId = new Map(
      [...this.identities.values()].map(i => [i.clientId, i]),
    );
  }

  assignmentsAt(scope: string): RoleAssignmentRecord[] {
    return this.byScope.get(lower(scope)) ?? [];
  }

  assignmentsOf(principalId: string): RoleAssignmentRecord[] {
    return this.byPrincipal.get(lower(principalId)) ?? [];
  }

  roleDefinition(guid: string): RoleDefinitionRecord | undefined {
    return this.definitions.get(lower(guid));
  }

  identityByClientId(clientId: string): IdentityRecord | undefined {
    return this.byClientId.get(lower(clientId));
  }

  goneManagedAssignments(): Array<{
    assignment: RoleAssignmentRecord;
    since: Date;
  }> {
    return [...this.gone.values()];
  }

  subscriptionHealth(subscriptionId: string): SubscriptionHealth {
    return this.health.get(subscriptionId) ?? {};
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
