import type { LoggerService } from '@backstage/backend-plugin-api';
import { RefreshQueue } from '../resilience/RefreshQueue';
import { withRetry } from '../resilience/retry';
import type { ArmClients } from './ArmClients';
import { isManagedAssignment } from './managedMarkers';
import {
  parseArmId,
  roleDefinitionGuid,
} from '@aks-access/plugin-aks-access-common';

export interface RoleAssignmentRecord {
  id: string;
  name: string;
  scope: string;
  /** The GUID, lower-case (ARM returns it subscription-qualified). */
  roleDefinitionGuid: string;
  principalId: string;
  principalType?: string;
  description?: string;
  /** RFC 3339; a grant never reviewed is due an interval after it. */
  createdOn?: string;
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

export interface ReadFailure {
  message: string;
  since: Date;
}

export interface SubscriptionHealth {
  syncedAt?: Date;
  failing?: ReadFailure;
}

interface RefreshRequest {
  subscriptions: Set<string>;
  /** Identities to read the FICs of (a write's own, before its watch event). */
  clientIds: Set<string>;
  /** Also every identity a ServiceAccount names: a full refresh. */
  allInUse: boolean;
}

const lower = (s: string) => s.toLowerCase();

/**
 * What ARM says, per subscription: role assignments (every scope in it, so
 * cluster, namespace, resource group and the identities' own), the role
 * definitions they use, and the user-assigned identities. A refresh costs a
 * fixed number of calls per subscription plus one per identity that a
 * ServiceAccount names — never one per namespace.
 *
 * Refreshes run one at a time (a write-through and a scheduled one, or two
 * writes' own): interleaved, an older read could land after a newer one, or a
 * FIC list be saved onto an entry another refresh had already replaced. A
 * read that still fails after retries leaves the previous data, marked as
 * failing so the view can say it is stale.
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
  private readonly budgetCounts = new Map<string, number>();
  private readonly scopeSubscriptions = new Map<string, string | undefined>();
  private byPrincipal = new Map<string, RoleAssignmentRecord[]>();
  private byClientId = new Map<string, IdentityRecord>();
  private reindexed = 0;
  /** By client id: identities whose last FIC read failed. */
  private readonly ficFailures = new Map<string, ReadFailure>();
  private readonly queue = new RefreshQueue<RefreshRequest>(
    request => this.run(request),
    (a, b) => ({
      subscriptions: new Set([...a.subscriptions, ...b.subscriptions]),
      clientIds: new Set([...a.clientIds, ...b.clientIds]),
      allInUse: a.allInUse || b.allInUse,
    }),
  );

  /**
   * @param identityClientIdsInUse - asked when a refresh runs rather than
   * when it is requested, so it sees the ServiceAccounts watched meanwhile
   */
  constructor(
    private readonly arm: ArmClients,
    private readonly logger: LoggerService,
    private readonly identityClientIdsInUse: () => Iterable<string> = () => [],
  ) {}

  /**
   * Re-reads the subscriptions, then the FICs of `clientIds` and, unless
   * `onlyClientIds` (a write that changed no other identity's FICs), of
   * every identity in use. Resolves after a refresh that started after this
   * call, so it shows every write that had completed before it.
   */
  refresh(
    subscriptions: string[],
    options: { clientIds?: string[]; onlyClientIds?: boolean } = {},
  ): Promise<void> {
    return this.queue.request({
      subscriptions: new Set(subscriptions),
      clientIds: new Set((options.clientIds ?? []).map(lower)),
      allInUse: !options.onlyClientIds,
    });
  }

  private async run(request: RefreshRequest): Promise<void> {
    await Promise.all(
      [...request.subscriptions].map(s => this.refreshSubscription(s)),
    );
    this.reindex();
    const wanted = new Set([
      ...(request.allInUse
        ? [...this.identityClientIdsInUse()].map(lower)
        : []),
      ...request.clientIds,
    ]);
    // Only a full refresh knows which failures no longer matter.
    for (const clientId of request.allInUse ? this.ficFailures.keys() : []) {
      if (!wanted.has(clientId) || !this.byClientId.has(clientId))
        this.ficFailures.delete(clientId);
    }
    await Promise.all(
      [...wanted]
        .map(clientId => this.byClientId.get(clientId))
        .filter((i): i is IdentityRecord => !!i)
        .map(i => this.refreshFederatedCredentials(i)),
    );
  }

  /** The write path deleted these managed assignments; they are not drift. */
  expectDeleted(assignmentIds: string[]): void {
    for (const id of assignmentIds) this.expectedDeletions.add(lower(id));
  }

  /**
   * Write-through of deletes the write path made and ARM acknowledged: they
   * leave the snapshot now, with no re-read of the subscription.
   */
  removeAssignments(assignmentIds: string[]): void {
    const ids = new Set(assignmentIds.map(lower));
    for (const [subscription, records] of this.assignments) {
      this.assignments.set(
        subscription,
        records.filter(a => !ids.has(lower(a.id))),
      );
      this.recount(subscription);
    }
    this.reindex();
  }

  private async refreshSubscription(subscriptionId: string) {
    const health = this.health.get(subscriptionId) ?? {};
    this.health.set(subscriptionId, health);
    try {
      const authorization = this.arm.authorizationFor(subscriptionId);
      const msi = this.arm.msiFor(subscriptionId);
      const [assignments, identities] = await Promise.all([
        withRetry(() =>
          collect(authorization.roleAssignments.listForSubscription()),
        ),
        withRetry(() =>
          collect(msi.userAssignedIdentities.listBySubscription()),
        ),
      ]);
      const records = assignments.map(
        (a): RoleAssignmentRecord => ({
          id: a.id!,
          name: a.name!,
          scope: a.scope!,
          roleDefinitionGuid: roleDefinitionGuid(a.roleDefinitionId!),
          principalId: lower(a.principalId!),
          principalType: a.principalType,
          description: a.description ?? undefined,
          createdOn: a.createdOn?.toISOString(),
        }),
      );
      if (records.some(r => !this.definitions.has(r.roleDefinitionGuid))) {
        const definitions = await withRetry(() =>
          collect(
            authorization.roleDefinitions.list(
              `/subscriptions/${subscriptionId}`,
            ),
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
      this.recount(subscriptionId);
      // FICs are read after this; until then (or if that read fails) an
      // identity keeps the list it had, rather than showing none.
      const previous = this.identities;
      const next = new Map(
        [...previous].filter(([, i]) => i.subscriptionId !== subscriptionId),
      );
      for (const i of identities) {
        next.set(lower(i.id!), {
          id: i.id!,
          name: i.name!,
          clientId: lower(i.clientId!),
          principalId: lower(i.principalId!),
          subscriptionId,
          resourceGroup: i.id!.split('/')[4],
          tags: i.tags ?? {},
          federatedCredentials: previous.get(lower(i.id!))
            ?.federatedCredentials,
        });
      }
      this.identities = next;
      health.syncedAt = new Date();
      health.failing = undefined;
    } catch (error) {
      const message = (error as Error).message;
      this.logger.warn(
        `ARM refresh of subscription ${subscriptionId} failed: ${message}`,
      );
      health.failing = {
        message: `role assignments and identities of subscription ${subscriptionId}: ${message}`,
        since: health.failing?.since ?? new Date(),
      };
    }
  }

  private noteGoneManaged(
    before: RoleAssignmentRecord[],
    after: RoleAssignmentRecord[],
  ) {
    const now = new Set(after.map(a => lower(a.id)));
    for (const a of before) {
      const id = lower(a.id);
      if (now.has(id) || !isManagedAssignment(a)) continue;
      if (this.expectedDeletions.delete(id)) continue;
      if (!this.gone.has(id))
        this.gone.set(id, { assignment: a, since: new Date() });
    }
    for (const id of now) this.gone.delete(id);
  }

  private async refreshFederatedCredentials(
    identity: IdentityRecord,
  ): Promise<void> {
    try {
      const list = await withRetry(() =>
        collect(
          this.arm
            .msiFor(identity.subscriptionId)
            .federatedIdentityCredentials.list(
              identity.resourceGroup,
              identity.name,
            ),
        ),
      );
      identity.federatedCredentials = list.map(f => ({
        name: f.name!,
        issuer: f.issuer!,
        subject: f.subject ?? '',
        audiences: f.audiences ?? [],
      }));
      this.ficFailures.delete(identity.clientId);
    } catch (error) {
      const message = (error as Error).message;
      this.logger.warn(`Reading the FICs of ${identity.id} failed: ${message}`);
      this.ficFailures.set(identity.clientId, {
        message: `federated credentials of ${identity.name}: ${message}`,
        since: this.ficFailures.get(identity.clientId)?.since ?? new Date(),
      });
    }
  }

  /** Moves whenever assignments, definitions or identities may have changed, so views derived from them know to rebuild. */
  get version(): number {
    return this.reindexed;
  }

  private reindex() {
    this.reindexed++;
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

  /**
   * The assignments a subscription holds against Azure's budget: at its own
   * scope and below it, not those inherited from management groups; undefined
   * until the subscription has been read.
   */
  assignmentCount(subscriptionId: string): number | undefined {
    return this.budgetCounts.get(lower(subscriptionId));
  }

  /** Counted when a subscription's list changes, not per question: grants and /clusters ask often. */
  private recount(subscriptionId: string) {
    const records = this.assignments.get(subscriptionId) ?? [];
    this.budgetCounts.set(
      lower(subscriptionId),
      records.filter(
        r => this.subscriptionOfScope(r.scope) === lower(subscriptionId),
      ).length,
    );
  }

  /**
   * A scope's subscription, by the canonical parser; a management group's
   * scope has none. Kept by scope: the same scopes come back on every read.
   */
  private subscriptionOfScope(scope: string): string | undefined {
    const key = lower(scope);
    if (!this.scopeSubscriptions.has(key)) {
      let subscription: string | undefined;
      try {
        subscription = lower(
          parseArmId(scope, 'role assignment scope').subscriptionId,
        );
      } catch {
        subscription = undefined;
      }
      this.scopeSubscriptions.set(key, subscription);
    }
    return this.scopeSubscriptions.get(key);
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

  identityById(id: string): IdentityRecord | undefined {
    return this.identities.get(lower(id));
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

  /** By client id: identities whose FIC list is older than ARM's, because reading it failed. */
  federatedCredentialFailures(): ReadonlyMap<string, ReadFailure> {
    return this.ficFailures;
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
