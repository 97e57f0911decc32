import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  ArmId,
  Change,
  parseArmId,
  parseRoleAssignmentId,
} from '@aks-access/plugin-aks-access-common';
import type { AccessIndex } from '../access/AccessIndex';
import { managedNamespacesAt } from '../azure/managedNamespaces';
import type {
  ClusterHandle,
  ClusterRegistry,
} from '../clusters/ClusterRegistry';
import { statusOf, withRetry } from '../resilience/retry';
import {
  AKS_ACCESS_CHANGES_TOPIC,
  ChangeEvent,
  changeEventSchema,
  MAX_CHANGES,
  REPLICATED_KINDS,
  ReplicatedKind,
} from './changeEvent';

export type ApplyOutcome =
  | 'applied'
  | 'own'
  | 'replayed'
  | 'malformed'
  | 'foreign'
  | 'unverified';

type EventChange = ChangeEvent['changes'][number];

/** ARM GETs one event's re-read runs at once. */
const CONCURRENT_READS = 10;

/** Event ids remembered against replays; far more than a burst of writes. */
const REMEMBERED_EVENTS = 10_000;

/** What a write publishes; runOperation's `finally` calls it. */
export interface ChangePublisher {
  publish(
    scope: { cluster: string; namespace: string },
    changes: Change[],
    identityClientIds?: string[],
  ): Promise<void>;
}

const lower = (s: string) => s.toLowerCase();

function isKind(kind: string): kind is ReplicatedKind {
  return (REPLICATED_KINDS as readonly string[]).includes(kind);
}

/**
 * The plugin's writes across replicas, on Backstage's event bus. Each
 * replica writes its own changes through to its own index; the others learn
 * of them here. An event is input: a replica moves its index only for
 * objects it re-read from ARM itself (present after a create, gone after a
 * delete), so a malformed, foreign, forged or replayed event changes nothing.
 */
export class ReplicaChanges implements ChangePublisher {
  private readonly seen = new Set<string>();

  constructor(
    private readonly options: {
      events: EventsService;
      /** This backend instance (rootInstanceMetadata); it names the subscription too. */
      replicaId: string;
      registry: ClusterRegistry;
      index: AccessIndex;
      logger: LoggerService;
      /** Subscriptions the index reads besides the clusters' (the workload identity policy's). */
      identitySubscriptions?: string[];
      /**
       * How long a re-read that disagrees with the event is retried: ARM is
       * eventually consistent, so a write acknowledged on one replica may
       * read back a moment later on another.
       */
      settleMs?: number[];
    },
  ) {}

  async publish(
    scope: { cluster: string; namespace: string },
    changes: Change[],
    identityClientIds: string[] = [],
  ): Promise<void> {
    const replicated = changes.flatMap(c =>
      c.target === 'azure' && c.id && c.action !== 'unchanged' && isKind(c.kind)
        ? [{ kind: c.kind, id: c.id, action: c.action }]
        : [],
    );
    for (let i = 0; i < replicated.length; i += MAX_CHANGES) {
      await this.send(scope, {
        version: 1,
        eventId: randomUUID(),
        origin: this.options.replicaId,
        cluster: scope.cluster,
        namespace: scope.namespace,
        changes: replicated.slice(i, i + MAX_CHANGES),
        identityClientIds,
      });
    }
  }

  private async send(
    scope: { cluster: string; namespace: string },
    event: ChangeEvent,
  ): Promise<void> {
    try {
      await this.options.events.publish({
        topic: AKS_ACCESS_CHANGES_TOPIC,
        eventPayload: event,
      });
    } catch (error) {
      // The write is done; the other replicas still see it at their next refresh.
      this.options.logger.warn(
        `Publishing the changes of a write on ${scope.cluster}/${
          scope.namespace
        } to the other replicas failed: ${
          (error as Error).message
        }; they see it at their next Azure refresh`,
      );
    }
  }

  /** Every replica subscribes under its own id, so each gets every event. */
  async subscribe(): Promise<void> {
    await this.options.events.subscribe({
      id: `changes-${this.options.replicaId}`,
      topics: [AKS_ACCESS_CHANGES_TOPIC],
      onEvent: async ({ eventPayload }) => {
        await this.apply(eventPayload);
      },
    });
  }

  async apply(payload: unknown): Promise<ApplyOutcome> {
    const { logger } = this.options;
    const parsed = changeEventSchema.safeParse(payload);
    if (!parsed.success) {
      logger.warn(
        `Dropped a malformed ${AKS_ACCESS_CHANGES_TOPIC} event: ${parsed.error.issues
          .slice(0, 3)
          .map(i => `${i.path.join('.') || 'event'}: ${i.message}`)
          .join('; ')}`,
      );
      return 'malformed';
    }
    const event = parsed.data;
    if (event.origin === this.options.replicaId) return 'own';
    if (this.seen.has(event.eventId)) {
      logger.debug(`Ignored a replayed change event ${event.eventId}`);
      return 'replayed';
    }
    this.remember(event.eventId);
    const cluster = this.options.registry
      .list()
      .find(c => c.name === event.cluster);
    if (!cluster) {
      logger.warn(
        `Dropped change event ${event.eventId} from ${event.origin}: cluster ${event.cluster} is not configured here`,
      );
      return 'foreign';
    }
    let targets: ArmTarget[];
    try {
      targets = event.changes.flatMap(c => this.target(cluster, c));
    } catch (error) {
      logger.warn(
        `Dropped change event ${event.eventId} from ${event.origin}: ${
          (error as Error).message
        }`,
      );
      return 'malformed';
    }
    const verified = await this.verify(targets);
    if (!verified.length) {
      logger.warn(
        `Dropped change event ${event.eventId} from ${
          event.origin
        }: no change in it is both confirmed by ARM and about what this replica holds of ${
          cluster.name
        } (${event.changes
          .slice(0, 5)
          .map(c => `${c.action} ${c.id}`)
          .join(', ')})`,
      );
      return 'unverified';
    }
    const deletedAssignmentIds = verified
      .filter(t => t.change.kind === 'roleAssignments' && t.gone)
      .map(t => t.id.id);
    await this.options.index.invalidate(cluster.name, {
      deletedAssignmentIds,
      identityClientIds: event.identityClientIds,
      // As the writer does: ARM said these are gone, so no re-read is needed.
      onlyDeletedAssignments:
        deletedAssignmentIds.length === verified.length &&
        verified.length === targets.length,
    });
    return 'applied';
  }

  private remember(eventId: string) {
    this.seen.add(eventId);
    if (this.seen.size > REMEMBERED_EVENTS) {
      this.seen.delete(this.seen.values().next().value!);
    }
  }

  /**
   * The ARM object a change names, parsed by -common's parsers; an id that
   * will not parse as its kind, or a managed namespace of another cluster,
   * throws. One in a subscription this replica does not index is skipped:
   * it has nothing of it to change.
   */
  private target(cluster: ClusterHandle, change: EventChange): ArmTarget[] {
    const subscriptions = new Set(
      [
        cluster.config.subscriptionId,
        ...(this.options.identitySubscriptions ?? []),
      ].map(lower),
    );
    const assignment =
      change.kind === 'roleAssignments'
        ? parseRoleAssignmentId(change.id, 'role assignment id')
        : undefined;
    const id = assignment?.id ?? parseArmId(change.id, 'ARM id');
    const read = readerFor(this.options.registry, cluster, change.kind, id);
    if (!subscriptions.has(lower(id.subscriptionId))) return [];
    // An assignment this index does not hold has nothing to remove here, and
    // must not be marked as the plugin's own delete (that hides drift).
    if (
      assignment &&
      change.action === 'delete' &&
      !this.options.index.azure
        .assignmentsAt(assignment.scope.id)
        .some(a => lower(a.id) === lower(id.id))
    ) {
      return [];
    }
    return [{ change, id, read }];
  }

  /** The targets whose re-read agrees with the event: present after a write, gone after a delete. */
  private async verify(
    targets: ArmTarget[],
  ): Promise<Array<ArmTarget & { gone: boolean }>> {
    const verified: Array<ArmTarget & { gone: boolean }> = [];
    // A few GETs at a time: an offboarding's event may name hundreds.
    for (let i = 0; i < targets.length; i += CONCURRENT_READS) {
      const batch = targets.slice(i, i + CONCURRENT_READS);
      for (const result of await Promise.all(batch.map(t => this.reread(t)))) {
        if (result) verified.push(result);
      }
    }
    return verified;
  }

  /** The target, if ARM agrees with the event about it (retried while ARM settles). */
  private async reread(
    target: ArmTarget,
  ): Promise<(ArmTarget & { gone: boolean }) | undefined> {
    const settle = this.options.settleMs ?? [250, 750];
    for (let attempt = 0; ; attempt++) {
      const present = await target.read().catch(error => {
        if (statusOf(error) === 404) return false;
        this.options.logger.warn(
          `Re-reading ${target.id.id} for a change event failed: ${
            (error as Error).message
          }`,
        );
        return undefined;
      });
      if (present === undefined) return undefined;
      const gone = !present;
      if (gone === (target.change.action === 'delete')) {
        return { ...target, gone };
      }
      if (attempt >= settle.length) return undefined;
      await new Promise(r => setTimeout(r, settle[attempt]));
    }
  }
}

interface ArmTarget {
  change: EventChange;
  id: ArmId;
  /** True when ARM has it; a 404 may also reject. */
  read: () => Promise<boolean>;
}

/** One ARM GET of the object, by kind; the id must have the kind's shape. */
function readerFor(
  registry: ClusterRegistry,
  cluster: ClusterHandle,
  kind: ReplicatedKind,
  id: ArmId,
): () => Promise<boolean> {
  const refuse = (shape: string): never => {
    throw new Error(`${kind} id ${JSON.stringify(id.id)} is not ${shape}`);
  };
  const steps = id.providers[0]?.resources ?? [];
  const provider = lower(id.providers[0]?.namespace ?? '');
  const types = steps.map(s => lower(s.type)).join('/');
  const { arm } = registry;
  const exists = (get: () => Promise<unknown>) => async () =>
    !!(await withRetry(get, { attempts: 2 }));
  switch (kind) {
    case 'roleAssignments': {
      const { scope, name } = parseRoleAssignmentId(id.id);
      return exists(() =>
        arm
          .authorizationFor(id.subscriptionId)
          .roleAssignments.get(scope.id, name),
      );
    }
    case 'userAssignedIdentities':
      if (
        id.providers.length !== 1 ||
        !id.resourceGroup ||
        provider !== 'microsoft.managedidentity' ||
        types !== 'userassignedidentities'
      ) {
        refuse('a user-assigned identity');
      }
      return exists(() =>
        arm
          .msiFor(id.subscriptionId)
          .userAssignedIdentities.get(id.resourceGroup!, steps[0].name),
      );
    case 'federatedIdentityCredentials':
      if (
        id.providers.length !== 1 ||
        !id.resourceGroup ||
        provider !== 'microsoft.managedidentity' ||
        types !== 'userassignedidentities/federatedidentitycredentials'
      ) {
        refuse("a user-assigned identity's federated credential");
      }
      return exists(() =>
        arm
          .msiFor(id.subscriptionId)
          .federatedIdentityCredentials.get(
            id.resourceGroup!,
            steps[0].name,
            steps[1].name,
          ),
      );
    case 'managedNamespaces': {
      const clusterId = `/${id.segments.slice(0, -2).join('/')}`;
      if (
        types !== 'managedclusters/managednamespaces' ||
        lower(clusterId) !== lower(cluster.armId)
      ) {
        refuse(`a managed namespace of ${cluster.name}`);
      }
      return async () =>
        !!(await managedNamespacesAt(arm, cluster.armId).find(steps[1].name));
    }
    default:
      return refuse('a replicated kind');
  }
}
