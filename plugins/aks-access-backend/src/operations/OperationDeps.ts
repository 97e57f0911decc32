import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AccessIndex } from '../access/AccessIndex';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import type { AuditStore } from '../audit/AuditStore';
import type { GraphDirectory } from '../azure/GraphDirectory';
import type { RoleAssignments } from '../azure/roleAssignments';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { Guardrails } from '../policy/Guardrails';
import type { DatabaseLock } from '../resilience/DatabaseLock';
import type { AksAccessClock } from '@aks-access/plugin-aks-access-node';
import type { AccessNotices } from '../notifications/AccessNotices';
import type { AccessRequestStore } from '../requests/AccessRequestStore';
import type { GrantReviewStore } from '../reviews/GrantReviewStore';
import type { ChangePublisher } from '../events/ReplicaChanges';

/** Everything the operations are built on; the routes and the tests pass it in. */
export interface OperationDeps {
  registry: ClusterRegistry;
  index: AccessIndex;
  guardrails: Guardrails;
  audit: AuditStore;
  lock: DatabaseLock;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  principals: PrincipalDirectory;
  /** Microsoft Graph, where a raw object id must be found before it is granted anything. */
  graph: GraphDirectory;
  /** ARM role assignments, in whichever subscription a scope names. */
  assignments: RoleAssignments;
  /** Written into ServiceAccounts as `azure.workload.identity/tenant-id`. */
  tenantId: string;
  logger: LoggerService;
  auditor?: AuditorService;
  /** Expiries, pending timeouts and review due dates are read from it. */
  clock: AksAccessClock;
  requests: AccessRequestStore;
  reviews: GrantReviewStore;
  notices: AccessNotices;
  /** `aksAccess.platformGroup`: approves requests beside the entity's owners. */
  platformGroup: string;
  /**
   * Why every write is refused, when it is: with the permission framework
   * off, Backstage allows everything, so ownership would not be enforced.
   */
  writesRefused?: string;
  /** Tells the other replicas what a write changed in Azure. */
  replicas?: ChangePublisher;
}

/** Who asked: every permission check and the audit row use these credentials. */
export interface Caller {
  credentials: BackstageCredentials;
}
