import type {
  FederatedCredentialRecord,
  UserAssignedIdentityRecord,
} from '../state/types';
import { createFicWriteLocks, type FicWriteLocks } from '../faults';
import { ArmError, resourceNotFound } from './errors';
import { findIdentity } from './identities';
import { pageOf } from './paging';
import type { ArmRequest, ArmResponse, ArmRoute } from './request';

const TYPE =
  'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials';
const NAME_PATTERN = /^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$/;
const MAX_PER_IDENTITY = 20;

function ficResource(f: FederatedCredentialRecord) {
  return {
    id: f.id,
    name: f.name,
    type: TYPE,
    properties: {
      issuer: f.issuer,
      subject: f.subject,
      audiences: f.audiences,
    },
  };
}

function requireIdentity(
  req: ArmRequest,
  sub: string,
  rg: string,
  name: string,
) {
  const identity = findIdentity(req, sub, rg, name);
  if (!identity)
    throw resourceNotFound(
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      name,
      rg,
    );
  return identity;
}

function parseFic(body: unknown) {
  const props = (body as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  const { issuer, subject, audiences } = props ?? {};
  if (
    typeof issuer !== 'string' ||
    !issuer ||
    typeof subject !== 'string' ||
    !subject ||
    !Array.isArray(audiences) ||
    audiences.length === 0 ||
    audiences.some(a => typeof a !== 'string')
  ) {
    throw new ArmError(
      400,
      'BadRequest',
      "The request format was unexpected. Federated Identity Credential must specify 'issuer', 'subject' and 'audience'.",
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new ArmError(
      400,
      'BadRequest',
      `The issuer '${issuer}' is not a valid https URL.`,
    );
  }
  if (audiences.length > 1) {
    throw new ArmError(
      400,
      'BadRequest',
      'Federated Identity Credential audiences can only contain a single value.',
    );
  }
  return { issuer, subject, audiences: audiences as string[] };
}

/**
 * Runs one FIC write on an identity. Each write holds the identity for the
 * configured window; a write that overlaps another fails with the 409 the
 * real service sends.
 */
async function withWriteLock(
  locks: FicWriteLocks,
  identity: UserAssignedIdentityRecord,
  write: () => Promise<ArmResponse>,
): Promise<ArmResponse> {
  if (!locks.tryBegin(identity.id)) {
    throw new ArmError(
      409,
      'ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity',
      `Too many Federated Identity Credentials are written concurrently for the managed identity '${identity.id}'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.`,
    );
  }
  try {
    return await write();
  } finally {
    await locks.end(identity.id);
  }
}

async function commitFics(
  req: ArmRequest,
  identity: UserAssignedIdentityRecord,
  fics: FederatedCredentialRecord[],
) {
  await req.ctx.store.commit([
    {
      path: [
        'identities',
        identity.id.toLowerCase(),
        'federatedIdentityCredentials',
      ],
      value: fics,
    },
  ]);
}

async function putFic(
  req: ArmRequest,
  locks: FicWriteLocks,
  m: RegExpExecArray,
) {
  const [, sub, rg, identityName, name] = m;
  const identity = requireIdentity(req, sub, rg, identityName);
  if (!NAME_PATTERN.test(name)) {
    throw new ArmError(
      400,
      'BadRequest',
      `The federated identity credential name '${name}' is invalid. It must match the pattern '^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$'.`,
    );
  }
  const input = parseFic(await req.body());
  return withWriteLock(locks, identity, async () => {
    // Re-read: the identity may have changed while this write waited for its body.
    const current = requireIdentity(req, sub, rg, identityName);
    const fics = current.federatedIdentityCredentials;
    const index = fics.findIndex(
      f => f.name.toLowerCase() === name.toLowerCase(),
    );
    if (
      fics.some(
        (f, i) =>
          i !== index &&
          f.issuer === input.issuer &&
          f.subject === input.subject,
      )
    ) {
      throw new ArmError(
        400,
        'BadRequest',
        'Issuer and subject combination already exists for this Managed Identity.',
      );
    }
    if (index < 0 && fics.length >= MAX_PER_IDENTITY) {
      throw new ArmError(
        400,
        'BadRequest',
        `Too many Federated Identity Credentials. A maximum of ${MAX_PER_IDENTITY} federated identity credentials can be added to the managed identity '${current.id}'.`,
      );
    }
    const record: FederatedCredentialRecord = {
      id:
        index >= 0
          ? fics[index].id
          : `${current.id}/federatedIdentityCredentials/${name}`,
      name: index >= 0 ? fics[index].name : name,
      ...input,
    };
    const next =
      index >= 0
        ? fics.map((f, i) => (i === index ? record : f))
        : [...fics, record];
    await commitFics(req, current, next);
    return { status: index >= 0 ? 200 : 201, body: ficResource(record) };
  });
}

async function deleteFic(
  req: ArmRequest,
  locks: FicWriteLocks,
  m: RegExpExecArray,
) {
  const [, sub, rg, identityName, name] = m;
  const identity = requireIdentity(req, sub, rg, identityName);
  const exists = (i: UserAssignedIdentityRecord) =>
    i.federatedIdentityCredentials.some(
      f => f.name.toLowerCase() === name.toLowerCase(),
    );
  if (!exists(identity)) return { status: 204 };
  return withWriteLock(locks, identity, async () => {
    const current = requireIdentity(req, sub, rg, identityName);
    if (!exists(current)) return { status: 204 };
    await commitFics(
      req,
      current,
      current.federatedIdentityCredentials.filter(
        f => f.name.toLowerCase() !== name.toLowerCase(),
      ),
    );
    return { status: 200 };
  });
}

const IDENTITY =
  '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/([^/]+)/federatedIdentityCredentials';

/** Routes for FICs; the write locks live as long as the ARM handler. */
export function federatedCredentialRoutes(
  ficConcurrencyWindowMs: number | undefined,
): ArmRoute[] {
  const locks = createFicWriteLocks(ficConcurrencyWindowMs);
  return [
    {
      type: 'federatedIdentityCredentials',
      pattern: new RegExp(`^${IDENTITY}/([^/]+)$`, 'i'),
      operation: TYPE,
      methods: {
        PUT: (req, m) => putFic(req, locks, m),
        DELETE: (req, m) => deleteFic(req, locks, m),
        async GET(req, [, sub, rg, identityName, name]) {
          const identity = requireIdentity(req, sub, rg, identityName);
          const fic = identity.federatedIdentityCredentials.find(
            f => f.name.toLowerCase() === name.toLowerCase(),
          );
          if (!fic) {
            throw resourceNotFound(
              'Microsoft.ManagedIdentity/userAssignedIdentities',
              `${identityName}/federatedIdentityCredentials/${name}`,
              rg,
            );
          }
          return { status: 200, body: ficResource(fic) };
        },
      },
    },
    {
      type: 'federatedIdentityCredentials',
      pattern: new RegExp(`^${IDENTITY}$`, 'i'),
      operation: TYPE,
      collection: true,
      methods: {
        async GET(req, [, sub, rg, identityName]) {
          const identity = requireIdentity(req, sub, rg, identityName);
          const top = Number(req.query.get('$top') ?? MAX_PER_IDENTITY);
          if (!Number.isInteger(top) || top < 1) {
            throw new ArmError(
              400,
              'BadRequest',
              `The value '${req.query.get(
                '$top',
              )}' of query parameter '$top' is invalid.`,
            );
          }
          const page = pageOf(
            identity.federatedIdentityCredentials.map(ficResource),
            req.url,
            {
              pageSize: top,
              tokenParam: '$skiptoken',
            },
          );
          return { status: 200, body: page };
        },
      },
    },
  ];
}
