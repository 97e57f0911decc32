import { createBackendModule } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * The demo's second identity: a guest-like sign-in as another seeded user
 * (`auth.providers.guest-owner.userEntityRef`, bob of team-checkout in the
 * embedded default), so that one person can ask for access as alice and
 * approve it as an owner. Like the guest provider it works only in
 * development, and a production app-config has no such provider.
 */
const guestOwnerAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return {
      userEntityRef: config.getString('userEntityRef'),
      disabled:
        process.env.NODE_ENV !== 'development' &&
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !==
          true,
    };
  },
  async authenticate(_, { userEntityRef, disabled }) {
    if (disabled) {
      throw new NotAllowedError(
        "The guest-owner provider cannot be used outside of a development environment unless 'auth.providers.guest-owner.dangerouslyAllowOutsideDevelopment' is enabled",
      );
    }
    return { result: { userEntityRef } };
  },
});

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'guest-owner-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'guest-owner',
          factory: createProxyAuthProviderFactory({
            authenticator: guestOwnerAuthenticator,
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
