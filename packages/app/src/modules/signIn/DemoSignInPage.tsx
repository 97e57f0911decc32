import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import type { IdentityApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

/** Which demo user this browser signed in as, so a reload stays signed in. */
const STORAGE_KEY = 'aks-access-demo-sign-in';

const USERS = [
  {
    provider: 'guest',
    name: 'Alice',
    about:
      'team-payments: owns payments-api, payments-worker and payments-ledger. Asks for access to what she does not own.',
  },
  {
    provider: 'guest-owner',
    name: 'Bob',
    about:
      'team-checkout: owns checkout-web and checkout-api, and approves the requests for their namespaces.',
  },
];

/**
 * The embedded default's sign-in: two seeded users instead of one guest,
 * each a guest-like provider of the auth backend (guest, guest-owner).
 * Signing out comes back here to choose again.
 */
export const DemoSignInPage = (props: SignInPageProps) => {
  const [provider, setProvider] = useState(
    () => localStorage.getItem(STORAGE_KEY) ?? undefined,
  );
  if (provider) {
    const onSignInSuccess = (identity: IdentityApi) =>
      props.onSignInSuccess({
        getProfileInfo: () => identity.getProfileInfo(),
        getBackstageIdentity: () => identity.getBackstageIdentity(),
        getCredentials: () => identity.getCredentials(),
        signOut: async () => {
          localStorage.removeItem(STORAGE_KEY);
          await identity.signOut();
        },
      });
    return (
      <ProxiedSignInPage
        {...props}
        provider={provider}
        onSignInSuccess={onSignInSuccess}
      />
    );
  }
  return (
    <Page themeId="home">
      <Header title="AKS Access for Backstage" subtitle="Sign in as a demo user" />
      <Content>
        <Grid container spacing={3}>
          {USERS.map(user => (
            <Grid item xs={12} md={4} key={user.provider}>
              <InfoCard
                title={user.name}
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() => {
                      localStorage.setItem(STORAGE_KEY, user.provider);
                      setProvider(user.provider);
                    }}
                  >
                    Enter as {user.name}
                  </Button>
                }
              >
                <Typography variant="body1">{user.about}</Typography>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
};
