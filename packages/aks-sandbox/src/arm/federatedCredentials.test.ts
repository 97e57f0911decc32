import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { RestError } from '@azure/core-rest-pipeline';
import {
  DEMO_IDENTITY_RESOURCE_GROUP as RG,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TENANT_ID,
} from '../seed/demoWorld';
import {
  operatorCredential,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';

const ISSUER = 'https://oidc.example/issuer/';
const fic = (subject: string) => ({
  issuer: ISSUER,
  subject,
  audiences: ['api://AzureADTokenExchange'],
});

async function settle(
  promise: Promise<unknown>,
): Promise<RestError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return e as RestError;
  }
}

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

function msiClient(sb: TestSandbox) {
  return new ManagedServiceIdentityClient(
    operatorCredential(sb),
    DEMO_SUBSCRIPTION_ID,
    { endpoint: sb.armUrl, agent: sb.agent },
  );
}

describe('user-assigned identities and their FICs', () => {
  let sb: TestSandbox;
  let msi: ManagedServiceIdentityClient;
  beforeAll(async () => {
    sb = await startTestSandbox();
    msi = msiClient(sb);
  });
  afterAll(() => sb.stop());

  it('creates an identity with a service principal, and deletes both with its FICs', async () => {
    const identity = await msi.userAssignedIdentities.createOrUpdate(
      RG,
      'id-lifecycle',
      { location: 'westeurope', tags: { team: 'payments' } },
    );
    expect(identity).toMatchObject({
      name: 'id-lifecycle',
      tenantId: DEMO_TENANT_ID,
      tags: { team: 'payments' },
    });
    const sp = () =>
      sb.ctx.store.state.directory.servicePrincipals.find(
        s => s.objectId === identity.principalId,
      );
    expect(sp()).toMatchObject({
      appId: identity.clientId,
      managedIdentityId: identity.id,
    });
    await msi.federatedIdentityCredentials.createOrUpdate(
      RG,
      'id-lifecycle',
      'fic-1',
      fic('system:serviceaccount:a:b'),
    );

    expect(
      (await all(msi.userAssignedIdentities.listBySubscription())).map(
        i => i.name,
      ),
    ).toContain('id-lifecycle');
    await msi.userAssignedIdentities.delete(RG, 'id-lifecycle');
    expect(sp()).toBeUndefined();
    const gone = await settle(
      msi.userAssignedIdentities.get(RG, 'id-lifecycle'),
    );
    expect({ status: gone?.statusCode, code: gone?.code }).toEqual({
      status: 404,
      code: 'ResourceNotFound',
    });
  });

  it('validates names, keeps (issuer, subject) unique and stops at 20 FICs', async () => {
    const badIdentity = await settle(
      msi.userAssignedIdentities.createOrUpdate(RG, '-bad', {
        location: 'westeurope',
      }),
    );
    expect({
      status: badIdentity?.statusCode,
      code: badIdentity?.code,
    }).toEqual({ status: 400, code: 'InvalidResourceName' });

    await msi.userAssignedIdentities.createOrUpdate(RG, 'id-full', {
      location: 'westeurope',
    });
    const badName = await settle(
      msi.federatedIdentityCredentials.createOrUpdate(
        RG,
        'id-full',
        '_x',
        fic('s'),
      ),
    );
    expect({ status: badName?.statusCode, code: badName?.code }).toEqual({
      status: 400,
      code: 'BadRequest',
    });

    for (let i = 0; i < 20; i++) {
      await msi.federatedIdentityCredentials.createOrUpdate(
        RG,
        'id-full',
        `fic-${i}`,
        fic(`system:serviceaccount:ns:sa-${i}`),
      );
    }
    const duplicate = await settle(
      msi.federatedIdentityCredentials.createOrUpdate(
        RG,
        'id-full',
        'fic-0-again',
        fic('system:serviceaccount:ns:sa-0'),
      ),
    );
    expect(duplicate?.message).toBe(
      'Issuer and subject combination already exists for this Managed Identity.',
    );
    const overLimit = await settle(
      msi.federatedIdentityCredentials.createOrUpdate(
        RG,
        'id-full',
        'fic-20',
        fic('system:serviceaccount:ns:sa-20'),
      ),
    );
    expect({ status: overLimit?.statusCode, code: overLimit?.code }).toEqual({
      status: 400,
      code: 'BadRequest',
    });
    expect(overLimit?.message).toContain(
      'A maximum of 20 federated identity credentials',
    );
    // Updating one of the 20 in place is still allowed.
    await msi.federatedIdentityCredentials.createOrUpdate(
      RG,
      'id-full',
      'fic-3',
      fic('system:serviceaccount:ns:renamed'),
    );

    const paged = await all(
      msi.federatedIdentityCredentials.list(RG, 'id-full', { top: 6 }),
    );
    expect(paged.map(f => f.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `fic-${i}`),
    );
  });
});

describe('concurrent FIC writes', () => {
  let sb: TestSandbox;
  let msi: ManagedServiceIdentityClient;
  beforeAll(async () => {
    sb = await startTestSandbox({ ficConcurrencyWindowMs: 300 });
    msi = msiClient(sb);
    await msi.userAssignedIdentities.createOrUpdate(RG, 'id-a', {
      location: 'westeurope',
    });
    await msi.userAssignedIdentities.createOrUpdate(RG, 'id-b', {
      location: 'westeurope',
    });
  });
  afterAll(() => sb.stop());

  it('fails the overlapping write on one identity with 409, as the real service does', async () => {
    const results = await Promise.all([
      settle(
        msi.federatedIdentityCredentials.createOrUpdate(
          RG,
          'id-a',
          'fic-1',
          fic('system:serviceaccount:ns:one'),
        ),
      ),
      settle(
        msi.federatedIdentityCredentials.createOrUpdate(
          RG,
          'id-a',
          'fic-2',
          fic('system:serviceaccount:ns:two'),
        ),
      ),
    ]);
    const failures = results.filter(Boolean);
    expect(failures).toHaveLength(1);
    expect({
      status: failures[0]?.statusCode,
      code: failures[0]?.code,
    }).toEqual({
      status: 409,
      code: 'ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity',
    });
    expect(failures[0]?.message).toMatch(
      /^Too many Federated Identity Credentials are written concurrently for the managed identity '.*\/id-a'\. Concurrent Federated Identity Credentials writes under the same managed identity are not supported\.$/,
    );
  });

  it('accepts serialized writes, and parallel writes on different identities', async () => {
    await msi.federatedIdentityCredentials.createOrUpdate(
      RG,
      'id-a',
      'fic-3',
      fic('system:serviceaccount:ns:three'),
    );
    await msi.federatedIdentityCredentials.createOrUpdate(
      RG,
      'id-a',
      'fic-4',
      fic('system:serviceaccount:ns:four'),
    );
    const parallel = await Promise.all([
      settle(
        msi.federatedIdentityCredentials.createOrUpdate(
          RG,
          'id-a',
          'fic-5',
          fic('system:serviceaccount:ns:five'),
        ),
      ),
      settle(
        msi.federatedIdentityCredentials.createOrUpdate(
          RG,
          'id-b',
          'fic-5',
          fic('system:serviceaccount:ns:five'),
        ),
      ),
    ]);
    expect(parallel).toEqual([undefined, undefined]);
  });
});
