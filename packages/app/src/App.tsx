import { createApp } from '@backstage/frontend-defaults';
import aksAccessPlugin from '@aks-access/plugin-aks-access/alpha';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Listed explicitly, not only discovered through `app.packages: all`, so that
// the AKS Access tab, card and template fields are there in tests as well.
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    notificationsPlugin,
    signalsPlugin,
    aksAccessPlugin,
    navModule,
    signInModule,
  ],
});
