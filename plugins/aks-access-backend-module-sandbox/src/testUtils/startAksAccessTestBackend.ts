import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { parseAllDocuments } from 'yaml';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { fullEntityRef } from '@aks-access/plugin-aks-access-common';
import {
  Entity,
  EntityRelation,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The test backend is the plugin with this module: what a module's
// testUtils exist to start.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import aksAccessPlugin from '@aks-access/plugin-aks-access-backend';
import { aksAccessModuleSandbox } from '../module';

// The repository's, wherever the test runs from inside it.
const EXAMPLES = targetPaths.resolveRoot('examples');

/**
 * The relations the catalog's processors add, which the catalog mock does
 * not: memberOf/hasMember from users' spec.memberOf and groups'
 * spec.members, ownedBy from spec.owner. The notifications backend finds a
 * group's users through hasMember.
 */
function withRelations(entities: Entity[]): Entity[] {
  const relations = new Map<string, EntityRelation[]>();
  const add = (from: string, type: string, targetRef: string) =>
    relations.set(from, [...(relations.get(from) ?? []), { type, targetRef }]);
  for (const e of entities) {
    const ref = stringifyEntityRef(e);
    const spec = (e.spec ?? {}) as {
      memberOf?: string[];
      members?: string[];
      owner?: string;
    };
    for (const group of e.kind === 'User' ? spec.memberOf ?? [] : []) {
      add(ref, RELATION_MEMBER_OF, fullEntityRef(group, 'group'));
      add(fullEntityRef(group, 'group'), RELATION_HAS_MEMBER, ref);
    }
    for (const user of e.kind === 'Group' ? spec.members ?? [] : []) {
      add(ref, RELATION_HAS_MEMBER, fullEntityRef(user, 'user'));
      add(fullEntityRef(user, 'user'), RELATION_MEMBER_OF, ref);
    }
    if (typeof spec.owner === 'string') {
      add(ref, RELATION_OWNED_BY, fullEntityRef(spec.owner, 'group'));
    }
  }
  return entities.map(e => ({
    ...e,
    relations: relations.get(stringifyEntityRef(e)) ?? [],
  }));
}

/** The example catalog (examples/ and its templates), as the embedded default loads it. */
export function exampleEntities(): Entity[] {
  return withRelations(exampleDocuments());
}

function exampleDocuments(): Entity[] {
  return [EXAMPLES, path.join(EXAMPLES, 'templates')]
    .flatMap(dir =>
      fs
        .readdirSync(dir)
        .filter(f => f.endsWith('.yaml'))
        .map(f => path.join(dir, f)),
    )
    .flatMap(f => parseAllDocuments(fs.readFileSync(f, 'utf8')))
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind)
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
}

/** Allows everything except for the listed user refs. */
function permissionsDenying(denied: string[]) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests: any[], options: any) {
        const deny = denied.includes(
          options.credentials.principal?.userEntityRef,
        );
        return requests.map(() => ({
          result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        }));
      },
      async authorizeConditional(requests: any[]) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    }),
  });
}

/**
 * The given database for aks-access only: other plugins in the test backend
 * (notifications) keep a database of their own, as each plugin does in a
 * real backend, so that their migrations never meet.
 */
function aksAccessDatabase(knex: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) =>
      mockServices.database({
        knex:
          plugin.getId() === 'aks-access'
            ? knex
            : knexFactory({
                client: 'better-sqlite3',
                connection: ':memory:',
                useNullAsDefault: true,
              }),
      }),
  });
}

export async function startAksAccessTestBackend(
  options: {
    aksAccess?: object;
    /** `permission.enabled`, true unless a test says otherwise (as in app-config.yaml). */
    permissionEnabled?: boolean;
    entities?: Entity[];
    deniedUsers?: string[];
    /** Permission decisions other than allow-all-but-`deniedUsers`, e.g. ownershipPermissions. */
    permissions?: ReturnType<typeof permissionsDenying>;
    /**
     * The plugin's database (default: a fresh in-memory SQLite). Replicas
     * pass clients of one shared database.
     */
    database?: Knex;
    /** More root config beside aksAccess, e.g. for the plugins in `features`. */
    config?: Record<string, unknown>;
    /** More plugins and modules, e.g. the scaffolder that calls this plugin. */
    features?: Parameters<typeof startTestBackend>[0]['features'];
  } = {},
) {
  const sandbox = (options.aksAccess as { sandbox?: { dataDir?: string } })
    ?.sandbox;
  return startTestBackend({
    features: [
      aksAccessPlugin,
      aksAccessModuleSandbox,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          // What plugins beside aks-access (notifications) link to.
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: options.permissionEnabled ?? true },
          aksAccess: {
            ...options.aksAccess,
            sandbox: {
              enabled: true,
              ...sandbox,
              // A fresh world in memory per backend unless a test names a
              // folder: never the developer's own .aks-sandbox.
              persist: sandbox?.dataDir !== undefined,
            },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? exampleEntities(),
      }),
      options.permissions ?? permissionsDenying(options.deniedUsers ?? []),
      ...(options.database ? [aksAccessDatabase(options.database)] : []),
      ...(options.features ?? []),
    ],
  });
}
