import type { V1ServiceAccount } from '@kubernetes/client-node';
import {
  FIC_AUDIENCE,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import type {
  AzureSnapshot,
  FederatedCredentialRecord,
  IdentityRecord,
  ReadFailure,
} from '../azure/AzureSnapshot';
import type { ManagedCluster } from '../azure/managedCluster';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { workloadIdentities } from './workloadIdentities';

const ISSUER = 'https://oidc.example/aks-dev/';
const CLIENT_ID = '11111111-0000-4000-8000-000000000001';
const SUBJECT = 'system:serviceaccount:payments:api';

function cluster(
  profile: { oidcIssuer?: boolean; workloadIdentity?: boolean } = {},
): ClusterHandle {
  const record = {
    properties: {
      oidcIssuerProfile: {
        enabled: profile.oidcIssuer ?? true,
        issuerURL: ISSUER,
      },
      securityProfile: {
        workloadIdentity: { enabled: profile.workloadIdentity ?? true },
      },
    },
  } as unknown as ManagedCluster;
  return {
    name: 'aks-dev',
    config: { resourceGroup: 'rg-aks-dev', clusterName: 'aks-dev' },
    armId:
      '/subscriptions/s/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev',
    record,
  } as unknown as ClusterHandle;
}

const serviceAccount: V1ServiceAccount = {
  metadata: {
    name: 'api',
    namespace: 'payments',
    annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: CLIENT_ID },
  },
};

const fic = (
  overrides: Partial<FederatedCredentialRecord> = {},
): FederatedCredentialRecord => ({
  name: 'fic-aks-dev-payments-api',
  issuer: ISSUER,
  subject: SUBJECT,
  audiences: [FIC_AUDIENCE],
  ...overrides,
});

function azure(
  identity: Partial<IdentityRecord> | undefined,
  ficFailures: Map<string, ReadFailure> = new Map(),
): AzureSnapshot {
  const record: IdentityRecord | undefined = identity && {
    id: '/subscriptions/s/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments-api',
    name: 'id-payments-api',
    clientId: CLIENT_ID,
    principalId: 'p1',
    resourceGroup: 'rg-id',
    subscriptionId: 's',
    tags: {},
    ...identity,
  };
  return {
    identityByClientId: (id: string) =>
      record && id.toLowerCase() === CLIENT_ID ? record : undefined,
    assignmentsOf: () => [],
    roleDefinition: () => undefined,
    federatedCredentialFailures: () => ficFailures,
  } as unknown as AzureSnapshot;
}

const view = (c: ClusterHandle, a: AzureSnapshot) =>
  workloadIdentities(c, 'payments', [serviceAccount], a);

describe('workloadIdentities: health', () => {
  it('is healthy when a FIC matches on issuer, subject and audience', () => {
    const { identities, findings } = view(
      cluster(),
      azure({ federatedCredentials: [fic()] }),
    );
    expect(identities[0].health).toEqual({ status: 'healthy', reasons: [] });
    expect(identities[0].fics[0].mismatches).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('is broken, with the finding, when no identity has the client id', () => {
    const { identities, findings } = view(cluster(), azure(undefined));
    expect(identities[0].health).toEqual({
      status: 'broken',
      reasons: [
        {
          link: 'identity',
          message: `No managed identity has client ID ${CLIENT_ID}, the one the ServiceAccount is annotated with`,
          findingId: 'broken-link:aks-dev:payments:api:identity',
        },
      ],
    });
    expect(findings.map(f => f.id)).toEqual([
      'broken-link:aks-dev:payments:api:identity',
    ]);
  });

  it('is broken when the identity has no FIC for the ServiceAccount', () => {
    const { identities } = view(cluster(), azure({ federatedCredentials: [] }));
    expect(identities[0].health).toMatchObject({
      status: 'broken',
      reasons: [
        {
          link: 'fic',
          message:
            'Identity id-payments-api has no federated credential for this ServiceAccount',
          findingId: 'broken-link:aks-dev:payments:api:fic',
        },
      ],
    });
  });

  it('says per FIC which checks fail, and that none matches', () => {
    const { identities, findings } = view(
      cluster(),
      azure({
        federatedCredentials: [
          fic({ audiences: ['api://wrong'] }),
          fic({ name: 'other', issuer: 'https://elsewhere/' }),
        ],
      }),
    );
    expect(identities[0].fics.map(f => f.mismatches)).toEqual([
      [`audience is api://wrong, expected ${FIC_AUDIENCE}`],
      [`issuer is https://elsewhere/, expected ${ISSUER}`],
    ]);
    expect(identities[0].health.status).toBe('broken');
    expect(identities[0].health.reasons[0].message).toBe(
      'No federated credential on id-payments-api matches: token exchange fails with AADSTS70021',
    );
    expect(findings[0].detail).toContain(
      `Closest: fic-aks-dev-payments-api (audience is api://wrong, expected ${FIC_AUDIENCE})`,
    );
  });

  it('is broken by the cluster even when the FIC matches', () => {
    const { identities } = view(
      cluster({ workloadIdentity: false }),
      azure({ federatedCredentials: [fic()] }),
    );
    expect(identities[0].health).toEqual({
      status: 'broken',
      reasons: [
        {
          link: 'cluster',
          message:
            'aks-dev has the workload identity webhook disabled, so its pods get no Azure token',
          findingId: 'broken-link:aks-dev:payments:api:cluster',
        },
      ],
    });
  });

  it('is unknown, with no finding, while the FICs could not be read', () => {
    const failures = new Map([
      [
        CLIENT_ID,
        {
          message: 'federated credentials of id-payments-api: 503',
          since: new Date(),
        },
      ],
    ]);
    const { identities, findings } = view(cluster(), azure({}, failures));
    expect(identities[0].health).toEqual({
      status: 'unknown',
      reasons: [
        {
          link: 'fic',
          message:
            'Could not read the federated credentials of id-payments-api: 503',
        },
      ],
    });
    expect(findings).toEqual([]);
    expect(view(cluster(), azure({})).identities[0].health.reasons).toEqual([
      {
        link: 'fic',
        message:
          'The federated credentials of id-payments-api have not been read yet',
      },
    ]);
  });
});
