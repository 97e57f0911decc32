import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The demo's second sign-in (bob, an owner), when app-config configures it.
backend.add(import('./modules/guestOwnerSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@backstage/plugin-permission-backend'));

// Replicas share events through it: on PostgreSQL its store carries them
// between backend processes (aks-access's changes, signals), on SQLite they
// stay in the one process.
backend.add(import('@backstage/plugin-events-backend'));

// Access requests notify their approvers and requesters; signals push them live.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@aks-access/plugin-aks-access-backend'));
// The local AKS sandbox as aks-access's Azure; it does nothing when
// aksAccess.sandbox.enabled is false, and a production backend leaves it out.
backend.add(import('@aks-access/plugin-aks-access-backend-module-sandbox'));
backend.add(import('@aks-access/plugin-scaffolder-backend-module-aks-access'));
// aks-access's actions as MCP tools, for AI agents, with the caller's token.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
