import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MembershipStatus } from '@aks-access/plugin-aks-access-common';
import type {
  GraphDirectory,
  GroupDelta,
  UserDelta,
} from '../azure/GraphDirectory';
import type { PrincipalDirectory } from './PrincipalDirectory';

interface GroupNode {
  displayName?: string;
  /** Direct members: users, groups and service principals. */
  members: Set<string>;
}

export interface DirectoryUserInfo {
  displayName?: string;
  userPrincipalName?: string;
}

/**
 * The groups between a user and a group, the user's own group first and the
 * outer group last. Shared between all users reached through the same group.
 */
export type GroupPath = readonly string[];

/** What the last refresh cost, for the logs and the benchmark. */
export interface MembershipRefresh {
  full: boolean;
  calls: number;
  durationMs: number;
  changes: number;
}

/**
 * Who is in which Entra group, nested groups included, held in memory.
 *
 * Filled from Microsoft Graph's delta queries on groups and users: the
 * first round reads everything, later rounds only what changed, on a
 * schedule and never per request. Until Graph has answered, and where it
 * refuses, it falls back to the catalog's memberOf, which knows no nesting,
 * and says so in its status.
 */
export class GroupMembership {
  private groups = new Map<string, GroupNode>();
  private users = new Map<string, DirectoryUserInfo>();
  private usersByUpn = new Map<string, string>();
  /** member → the groups it is a direct member of. */
  private parents = new Map<string, Set<string>>();
  private groupsLink?: string;
  private usersLink?: string;
  private source: MembershipStatus['source'] = 'catalog';
  private refreshedAt?: Date;
  private message?: string = 'Group membership from Microsoft Graph is loading';
  private catalogVersion = -1;
  private generation = 0;
  private readonly below = new Map<string, Map<string, GroupPath>>();
  private refreshing?: Promise<void>;
  lastRefresh?: MembershipRefresh;

  constructor(
    private readonly graph: GraphDirectory,
    private readonly principals: PrincipalDirectory,
    private readonly logger: LoggerService,
  ) {}

  status(): MembershipStatus {
    this.fallBackToCatalog();
    return {
      source: this.source,
      ...(this.refreshedAt
        ? { refreshedAt: this.refreshedAt.toISOString() }
        : {}),
      users: this.users.size,
      groups: this.groups.size,
      ...(this.message ? { message: this.message } : {}),
    };
  }

  /** From Graph: whether nesting is known. */
  fromGraph(): boolean {
    return this.source === 'graph';
  }

  user(id: string): DirectoryUserInfo | undefined {
    return this.users.get(id.toLowerCase());
  }

  isUser(id: string): boolean {
    this.fallBackToCatalog();
    return this.users.has(id.toLowerCase());
  }

  groupName(id: string): string | undefined {
    return this.groups.get(id.toLowerCase())?.displayName;
  }

  /** Kubernetes names Entra users by UPN. */
  userIdByUpn(upn: string): string | undefined {
    this.fallBackToCatalog();
    return this.usersByUpn.get(upn.toLowerCase());
  }

  /**
   * Every user in the group, nested groups included, each with the shortest
   * path from it. Computed once per group until membership changes.
   */
  usersUnder(groupId: string): ReadonlyMap<string, GroupPath> {
    this.fallBackToCatalog();
    const root = groupId.toLowerCase();
    const known = this.below.get(root);
    if (known) return known;
    const found = new Map<string, GroupPath>();
    const seen = new Set([root]);
    let frontier: Array<[string, GroupPath]> = [[root, [root]]];
    while (frontier.length) {
      const next: Array<[string, GroupPath]> = [];
      for (const [group, path] of frontier) {
        for (const member of this.groups.get(group)?.members ?? []) {
          if (this.users.has(member)) {
            if (!found.has(member)) found.set(member, path);
          } else if (this.groups.has(member) && !seen.has(member)) {
            seen.add(member);
            next.push([member, [member, ...path]]);
          }
        }
      }
      frontier = next;
    }
    this.below.set(root, found);
    return found;
  }

  /** Every group the object is in, nested included, each with its path from the object. */
  groupsOf(objectId: string): ReadonlyMap<string, GroupPath> {
    this.fallBackToCatalog();
    const found = new Map<string, GroupPath>();
    let frontier: Array<[string, GroupPath]> = [[objectId.toLowerCase(), []]];
    while (frontier.length) {
      const next: Array<[string, GroupPath]> = [];
      for (const [member, path] of frontier) {
        for (const group of this.parents.get(member) ?? []) {
          if (found.has(group)) continue;
          const longer = [...path, group];
          found.set(group, longer);
          next.push([group, longer]);
        }
      }
      frontier = next;
    }
    return found;
  }

  /** One delta round; concurrent callers share it. */
  refresh(): Promise<void> {
    this.refreshing ??= this.deltaRound().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async deltaRound(): Promise<void> {
    const started = Date.now();
    const full = !this.groupsLink || !this.usersLink;
    try {
      const [groups, users] = await Promise.all([
        this.graph.groupsDelta(full ? undefined : this.groupsLink),
        this.graph.usersDelta(full ? undefined : this.usersLink),
      ]);
      if (full || this.source !== 'graph') this.reset();
      users.changes.forEach(u => this.applyUser(u));
      groups.changes.forEach(g => this.applyGroup(g));
      this.groupsLink = groups.deltaLink;
      this.usersLink = users.deltaLink;
      this.source = 'graph';
      this.message = undefined;
      this.refreshedAt = new Date();
      if (full || groups.changes.length || users.changes.length) this.changed();
      this.lastRefresh = {
        full,
        calls: groups.calls + users.calls,
        durationMs: Date.now() - started,
        changes: groups.changes.length + users.changes.length,
      };
    } catch (error) {
      if (!full) {
        // A delta link Graph no longer honours: start over with a full round.
        this.groupsLink = this.usersLink = undefined;
        this.logger.warn(`Group membership delta failed, re-reading: ${error}`);
        await this.deltaRound();
        return;
      }
      this.logger.warn(`Reading group membership from Graph failed: ${error}`);
      if (this.source !== 'graph') {
        this.message = `Microsoft Graph did not answer the membership read (${error}); nested groups are not shown. The backend's app needs GroupMember.Read.All and User.Read.All.`;
      }
    }
  }

  private reset() {
    this.groups = new Map();
    this.users = new Map();
    this.usersByUpn = new Map();
    this.parents = new Map();
    this.changed();
  }

  /** Whatever was worked out from the membership is stale now. */
  private changed() {
    this.below.clear();
    this.generation++;
  }

  /** Changes whenever the membership does: what was built from it may be kept until then. */
  version(): number {
    this.fallBackToCatalog();
    return this.generation;
  }

  private applyUser(u: UserDelta) {
    const before = this.users.get(u.id);
    if (before?.userPrincipalName)
      this.usersByUpn.delete(before.userPrincipalName.toLowerCase());
    if (u.removed) {
      this.users.delete(u.id);
      return;
    }
    const info = {
      displayName: u.displayName ?? before?.displayName,
      userPrincipalName: u.userPrincipalName ?? before?.userPrincipalName,
    };
    this.users.set(u.id, info);
    if (info.userPrincipalName)
      this.usersByUpn.set(info.userPrincipalName.toLowerCase(), u.id);
  }

  private applyGroup(g: GroupDelta) {
    if (g.removed) {
      for (const member of this.groups.get(g.id)?.members ?? [])
        this.parents.get(member)?.delete(g.id);
      for (const parent of this.parents.get(g.id) ?? [])
        this.groups.get(parent)?.members.delete(g.id);
      this.groups.delete(g.id);
      this.parents.delete(g.id);
      return;
    }
    let node = this.groups.get(g.id);
    if (!node) {
      node = { members: new Set() };
      this.groups.set(g.id, node);
    }
    if (g.displayName !== undefined) node.displayName = g.displayName;
    for (const m of g.members) {
      if (m.removed) {
        node.members.delete(m.id);
        this.parents.get(m.id)?.delete(g.id);
        continue;
      }
      node.members.add(m.id);
      let of = this.parents.get(m.id);
      if (!of) {
        of = new Set();
        this.parents.set(m.id, of);
      }
      of.add(g.id);
    }
  }

  /**
   * Without Graph, the catalog's users and their memberOf stand in: one
   * level, re-read whenever the catalog's copy changed.
   */
  private fallBackToCatalog() {
    if (this.source === 'graph') return;
    const version = this.principals.version();
    if (version === this.catalogVersion) return;
    this.catalogVersion = version;
    this.reset();
    for (const p of this.principals.all()) {
      if (p.kind === 'Group') {
        if (!this.groups.has(p.objectId))
          this.groups.set(p.objectId, { members: new Set() });
        this.groups.get(p.objectId)!.displayName = p.displayName;
        continue;
      }
      this.applyUser({
        id: p.objectId,
        displayName: p.displayName,
        userPrincipalName: p.email,
      });
      for (const group of p.groupObjectIds) {
        this.applyGroup({
          id: group,
          members: [{ id: p.objectId, kind: 'User' }],
        });
      }
    }
  }
}
