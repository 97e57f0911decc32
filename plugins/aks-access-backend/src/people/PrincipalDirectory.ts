import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GRAPH_GROUP_ID_ANNOTATION,
  GRAPH_USER_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';

export interface CatalogPrincipal {
  kind: 'User' | 'Group';
  objectId: string;
  entityRef: string;
  displayName: string;
  /** For users: the object ids of the catalog groups they are members of. */
  groupObjectIds: string[];
  /** For users: their e-mail, which is the UPN Kubernetes names them by. */
  email?: string;
}

const TTL_MS = 5 * 60_000;

/**
 * Entra object ids → catalog Users and Groups, through the msgraph
 * annotations. One catalog query fills it; it is re-read in the background
 * when older than five minutes, so a view never waits on the catalog.
 */
export class PrincipalDirectory {
  private byObjectId = new Map<string, CatalogPrincipal>();
  private byEntityRef = new Map<string, CatalogPrincipal>();
  private byEmail = new Map<string, CatalogPrincipal>();
  private loadedAt = 0;
  private loads = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  /** Loads on first use; later calls return at once and refresh when stale. */
  async ready(): Promise<void> {
    if (!this.loadedAt) await this.load();
    else if (Date.now() - this.loadedAt > TTL_MS) this.load().catch(() => {});
  }

  byId(objectId: string): CatalogPrincipal | undefined {
    return this.byObjectId.get(objectId.toLowerCase());
  }

  byRef(entityRef: string): CatalogPrincipal | undefined {
    return this.byEntityRef.get(entityRef.toLowerCase());
  }

  all(): Iterable<CatalogPrincipal> {
    return this.byObjectId.values();
  }

  /** Goes up with every catalog read, so derived views know to rebuild. */
  version(): number {
    return this.loads;
  }

  /** Kubernetes names Entra users by UPN. */
  byUserName(name: string): CatalogPrincipal | undefined {
    return this.byEmail.get(name.toLowerCase());
  }

  load(): Promise<void> {
    this.loading ??= this.fetch().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fetch() {
    try {
      const { items } = await this.catalog.getEntities(
        { filter: [{ kind: 'User' }, { kind: 'Group' }] },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      const groupIds = new Map<string, string>();
      for (const e of items) {
        const id = e.metadata.annotations?.[GRAPH_GROUP_ID_ANNOTATION];
        if (e.kind === 'Group' && id)
          groupIds.set(stringifyEntityRef(e), id.toLowerCase());
      }
      const principals = items.flatMap(e => toPrincipal(e, groupIds));
      this.byObjectId = new Map(principals.map(p => [p.objectId, p]));
      this.byEntityRef = new Map(principals.map(p => [p.entityRef, p]));
      this.byEmail = new Map(
        principals.filter(p => p.email).map(p => [p.email!.toLowerCase(), p]),
      );
      this.loadedAt = Date.now();
      this.loads++;
    } catch (error) {
      this.logger.warn(
        `Reading users and groups from the catalog failed: ${error}`,
      );
    }
  }
}

function toPrincipal(
  e: Entity,
  groupIds: Map<string, string>,
): CatalogPrincipal[] {
  const annotation =
    e.kind === 'User' ? GRAPH_USER_ID_ANNOTATION : GRAPH_GROUP_ID_ANNOTATION;
  const objectId = e.metadata.annotations?.[annotation]?.toLowerCase();
  if (!objectId || (e.kind !== 'User' && e.kind !== 'Group')) return [];
  const profile = (
    e.spec as { profile?: { displayName?: string; email?: string } }
  )?.profile;
  const memberOf = [
    ...(e.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef),
    ...((e.spec as { memberOf?: string[] })?.memberOf ?? []).map(m =>
      m.includes(':') ? m : `group:${e.metadata.namespace ?? 'default'}/${m}`,
    ),
  ];
  return [
    {
      kind: e.kind,
      objectId,
      entityRef: stringifyEntityRef(e),
      displayName: e.metadata.title ?? profile?.displayName ?? e.metadata.name,
      email: profile?.email,
      groupObjectIds: [
        ...new Set(
          memberOf
            .map(ref => groupIds.get(ref))
            .filter((g): g is string => !!g),
        ),
      ],
    },
  ];
}
