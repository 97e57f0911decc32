import { z } from 'zod/v3';
import {
  clusterNameSchema,
  isGuid,
  namespaceNameSchema,
} from '@aks-access/plugin-aks-access-common';

/** The event bus topic every replica publishes its writes on. */
export const AKS_ACCESS_CHANGES_TOPIC = 'aks-access.changes';

/**
 * The Azure resource types a write can change, and that another replica's
 * index holds: the cluster record's managed namespaces, the role
 * assignments, the identities and their FICs. Kubernetes objects cross
 * replicas through the API servers' watches, so they are not sent.
 */
export const REPLICATED_KINDS = [
  'roleAssignments',
  'userAssignedIdentities',
  'federatedIdentityCredentials',
  'managedNamespaces',
] as const;

export type ReplicatedKind = (typeof REPLICATED_KINDS)[number];

/** The most changes one event carries; a larger write publishes several. */
export const MAX_CHANGES = 500;

/**
 * What a replica says it changed. It is a claim, not a fact: the receiver
 * re-reads every object it names before its index moves.
 */
export const changeEventSchema = z
  .object({
    version: z.literal(1),
    eventId: z.string().uuid(),
    /** The publishing backend instance; a replica ignores its own. */
    origin: z.string().min(1).max(200),
    cluster: clusterNameSchema,
    namespace: namespaceNameSchema.or(z.literal('')),
    changes: z
      .array(
        z
          .object({
            kind: z.enum(REPLICATED_KINDS),
            // Parsed by -common's ARM id parsers when the event is applied.
            id: z.string().min(1).max(2048),
            action: z.enum(['create', 'update', 'delete']),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_CHANGES),
    /** Identities the write federated, whose FICs the index must read. */
    identityClientIds: z
      .array(
        z.string().refine(isGuid, 'identityClientIds holds client ids (GUIDs)'),
      )
      .max(MAX_CHANGES),
  })
  .strict();

export type ChangeEvent = z.infer<typeof changeEventSchema>;
