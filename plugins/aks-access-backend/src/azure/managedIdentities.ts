import type {
  FederatedIdentityCredential,
  Identity,
  ManagedServiceIdentityClient,
} from '@azure/arm-msi';
import {
  Change,
  FIC_AUDIENCE,
  ficName,
} from '@aks-access/plugin-aks-access-common';
import { ConflictError } from '@backstage/errors';
import type { DatabaseLock } from '../resilience/DatabaseLock';
import { statusOf, withRetry } from '../resilience/retry';
import type { Guardrails } from '../policy/Guardrails';
import type { WorkloadIdentityHome } from '../policy/types';
import { identityOwner, managedIdentityTags } from './managedMarkers';

export interface FicTarget {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  issuer: string;
  subject: string;
}

function notFound(error: unknown): undefined {
  if (statusOf(error) === 404) return undefined;
  throw error;
}

/** User-assigned identities in the policy's resource group, and their FICs. */
export class ManagedIdentities {
  constructor(
    private readonly client: ManagedServiceIdentityClient,
    private readonly policy: WorkloadIdentityHome,
    private readonly guardrails: Guardrails,
    private readonly lock: DatabaseLock,
  ) {}

  private change(
    name: string,
    kind: string,
    id: string | undefined,
    action: Change['action'],
  ): Change {
    return { target: 'azure', kind, name, ...(id ? { id } : {}), action };
  }

  identityId(name: string) {
    return `/subscriptions/${this.policy.subscriptionId}/resourceGroups/${this.policy.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  }

  get(name: string): Promise<Identity | undefined> {
    return withRetry(() =>
      this.client.userAssignedIdentities.get(this.policy.resourceGroup, name),
    ).catch(notFound);
  }

  async findByClientId(clientId: string): Promise<Identity | undefined> {
    return withRetry(async () => {
      for await (const identity of this.client.userAssignedIdentities.listByResourceGroup(
        this.policy.resourceGroup,
      )) {
        if (identity.clientId?.toLowerCase() === clientId.toLowerCase())
          return identity;
      }
      return undefined;
    });
  }

  /** The entity's identity; one that belongs to another entity is refused. */
  async ensure(
    name: string,
    entityRef: string,
    dryRun: boolean,
  ): Promise<{ identity?: Identity; change: Change }> {
    const existing = await this.get(name);
    const owner = identityOwner(existing?.tags);
    if (existing && owner?.toLowerCase() !== entityRef.toLowerCase()) {
      throw new ConflictError(
        `Identity ${name} in ${this.policy.resourceGroup} belongs to ${
          owner ?? 'nobody managed by aks-access'
        }, not ${entityRef}; choose another identityName`,
      );
    }
    if (existing) {
      return {
        identity: existing,
        change: this.change(
          name,
          'userAssignedIdentities',
          existing.id,
          'unchanged',
        ),
      };
    }
    const id = this.identityId(name);
    if (dryRun)
      return {
        change: this.change(name, 'userAssignedIdentities', id, 'create'),
      };
    const identity = await withRetry(() =>
      this.client.userAssignedIdentities.createOrUpdate(
        this.policy.resourceGroup,
        name,
        {
          location: this.policy.location,
          tags: managedIdentityTags(entityRef),
        },
      ),
    );
    return {
      identity,
      change: this.change(
        name,
        'userAssignedIdentities',
        identity.id ?? id,
        'create',
      ),
    };
  }

  private async listFics(
    identityName: string,
  ): Promise<FederatedIdentityCredential[]> {
    return withRetry(async () => {
      const fics = [];
      for await (const fic of this.client.federatedIdentityCredentials.list(
        this.policy.resourceGroup,
        identityName,
      )) {
        fics.push(fic);
      }
      return fics;
    });
  }

  private ficChange(
    identityName: string,
    name: string,
    action: Change['action'],
  ): Change {
    return this.change(
      name,
      'federatedIdentityCredentials',
      `${this.identityId(identityName)}/federatedIdentityCredentials/${name}`,
      action,
    );
  }

  /**
   * The FIC for a ServiceAccount, matched on (issuer, subject). Writes on one
   * identity hold a database lock, because Entra refuses concurrent ones.
   */
  async ensureFic(
    identityName: string,
    target: FicTarget,
    exists: boolean,
    dryRun: boolean,
  ): Promise<Change> {
    const name = ficName(
      target.cluster,
      target.namespace,
      target.serviceAccount,
    );
    const plan = async () => {
      const fics = exists ? await this.listFics(identityName) : [];
      const match = fics.find(
        f => f.issuer === target.issuer && f.subject === target.subject,
      );
      if (match) {
        const audiencesOk =
          match.audiences?.length === 1 && match.audiences[0] === FIC_AUDIENCE;
        return {
          name: match.name!,
          action: audiencesOk ? ('unchanged' as const) : ('update' as const),
        };
      }
      const sameName = fics.find(f => f.name === name);
      if (!sameName)
        this.guardrails.checkFicCapacity(identityName, fics.length);
      return {
        name,
        action: sameName ? ('update' as const) : ('create' as const),
      };
    };
    if (dryRun) {
      const { name: planned, action } = await plan();
      return this.ficChange(identityName, planned, action);
    }
    return this.lock.withLock(
      `fic:${this.identityId(identityName).toLowerCase()}`,
      async () => {
        const { name: planned, action } = await plan();
        if (action !== 'unchanged') {
          await withRetry(() =>
            this.client.federatedIdentityCredentials.createOrUpdate(
              this.policy.resourceGroup,
              identityName,
              planned,
              {
                issuer: target.issuer,
                subject: target.subject,
                audiences: [FIC_AUDIENCE],
              },
            ),
          );
        }
        return this.ficChange(identityName, planned, action);
      },
    );
  }

  /** Removes the FIC(s) for the ServiceAccount; reports how many are left. */
  async removeFic(
    identityName: string,
    target: Pick<FicTarget, 'issuer' | 'subject'>,
    dryRun: boolean,
  ): Promise<{ changes: Change[]; remaining: number }> {
    const run = async () => {
      const fics = await this.listFics(identityName);
      const matching = fics.filter(
        f => f.issuer === target.issuer && f.subject === target.subject,
      );
      for (const fic of matching) {
        if (!dryRun) {
          await withRetry(() =>
            this.client.federatedIdentityCredentials.delete(
              this.policy.resourceGroup,
              identityName,
              fic.name!,
            ),
          );
        }
      }
      return {
        changes: matching.map(f =>
          this.ficChange(identityName, f.name!, 'delete'),
        ),
        remaining: fics.length - matching.length,
      };
    };
    return dryRun
      ? run()
      : this.lock.withLock(
          `fic:${this.identityId(identityName).toLowerCase()}`,
          run,
        );
  }

  async delete(name: string, dryRun: boolean): Promise<Change> {
    if (!dryRun) {
      await withRetry(() =>
        this.client.userAssignedIdentities.delete(
          this.policy.resourceGroup,
          name,
        ),
      );
    }
    return this.change(
      name,
      'userAssignedIdentities',
      this.identityId(name),
      'delete',
    );
  }
}
