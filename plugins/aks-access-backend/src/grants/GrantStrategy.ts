import type {
  AccessLevel,
  Change,
  GrantClaim,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type { ClusterObjects } from '../kubernetes/ClusterObjects';
import type { ChangeLog } from '../operations/ChangeLog';
import type { Grantee } from './resolveGrantee';
import type { NamespaceProvisioner } from '../namespaces/NamespaceProvisioner';

/** A namespace of an entity, read and checked before anything is granted in it. */
export interface GrantTarget {
  cluster: string;
  namespace: string;
  entityRef: string;
  handle: ClusterHandle;
  objects: ClusterObjects;
  /** What kind of namespace it is: where its roles are scoped, which role fetches credentials. */
  provisioner: NamespaceProvisioner;
}

export interface GrantWish {
  principal: Grantee;
  level: AccessLevel;
  /** A time-bound grant's end; none is for good. */
  expiresAt?: Date;
}

/** What a grant will write, read before the write: apply is the only step that writes. */
export interface GrantPlan {
  grantId: string;
  /**
   * A time-bound grant asked for what the principal already held for good:
   * nothing is written, and nothing may be removed when it ends.
   */
  alreadyPermanent: boolean;
  /** Azure role assignments apply() creates, which Azure's per-subscription budget counts. */
  assignmentsAdded: number;
  apply(): Promise<Change>;
}

/** A managed grant proved from its own object, and how to take it away. */
export interface VerifiedGrant {
  cluster: string;
  namespace: string;
  entityRef: string;
  /** A time-bound grant's end, as its own object says it. */
  expiresAt?: string;
  remove(log: ChangeLog): Promise<unknown>;
  deletedAssignmentIds: string[];
}

/**
 * One kind of namespace grant, in the authorization system a cluster uses.
 * Each kind keeps its object's id, labels, annotations and description
 * format to itself; use cases never ask which kind they hold.
 */
export interface GrantStrategy {
  plan(
    target: GrantTarget,
    wish: GrantWish,
    dryRun: boolean,
  ): Promise<GrantPlan>;
  /** Reads the object a claim names and proves it is a managed grant of its namespace's entity. */
  verify(claim: GrantClaim, dryRun: boolean): Promise<VerifiedGrant>;
}

/** `later(a, b)`: the later of a planned end and the one an object already says. */
export const laterEnd = (a: Date | undefined, b: string | undefined) =>
  b && (!a || Date.parse(b) > a.getTime()) ? new Date(b) : a;
