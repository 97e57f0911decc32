import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { demoWorld } from '@aks-access/sandbox';
import type { SandboxState } from '@aks-access/sandbox';

/*
 * The embedded sandbox keeps its state in a data folder; tests read the
 * folder to reach the sandbox as a user would (kubectl-style clients, the
 * Entra token endpoint), and to compare its state byte for byte.
 */
export class SandboxOnDisk {
  readonly dataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'aks-access-sandbox-'),
  );

  private ports() {
    return JSON.parse(
      fs.readFileSync(path.join(this.dataDir, 'ports.json'), 'utf8'),
    );
  }

  private ca() {
    return fs.readFileSync(path.join(this.dataDir, 'ca.pem'), 'utf8');
  }

  /** state.json and the journal: every acknowledged write lands in one of them. */
  stateBytes(): string {
    return ['state.json', 'journal.ndjson']
      .map(f => path.join(this.dataDir, f))
      .filter(f => fs.existsSync(f))
      .map(f => fs.readFileSync(f, 'utf8'))
      .join('\n--\n');
  }

  /**
   * The sandbox's state as its next start would load it: state.json with the
   * journal replayed (a torn last record, from a kill mid-append, is skipped).
   */
  state(): SandboxState {
    const state = JSON.parse(
      fs.readFileSync(path.join(this.dataDir, 'state.json'), 'utf8'),
    );
    const journal = path.join(this.dataDir, 'journal.ndjson');
    const lines = fs.existsSync(journal)
      ? fs.readFileSync(journal, 'utf8').split('\n')
      : [];
    for (const line of lines) {
      let changes: Array<{ path: string[]; value?: unknown }>;
      try {
        changes = JSON.parse(line);
      } catch {
        continue;
      }
      for (const { path: p, value } of changes) {
        let node = state;
        for (const segment of p.slice(0, -1)) node = node[segment] ??= {};
        if (value === undefined) delete node[p[p.length - 1]];
        else node[p[p.length - 1]] = value;
      }
    }
    return state;
  }

  /** A kubeconfig for a demo user, as `az aks get-credentials` plus kubelogin would give. */
  kubeConfigFor(cluster: string, user: string): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster,
          server: `https://127.0.0.1:${this.ports().clusters[cluster]}`,
          caData: Buffer.from(this.ca()).toString('base64'),
        },
      ],
      users: [{ name: user, token: `sandbox-user-${user}` }],
      contexts: [{ name: cluster, cluster, user }],
      currentContext: cluster,
    });
    return kc;
  }

  /** `kubectl auth can-i` for the user. */
  async canI(
    cluster: string,
    user: string,
    verb: string,
    resource: string,
    namespace: string,
  ) {
    const api = this.kubeConfigFor(cluster, user).makeApiClient(
      AuthorizationV1Api,
    );
    const review = await api.createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { verb, resource, namespace } } },
    });
    return review.status?.allowed ?? false;
  }

  /** A projected ServiceAccount token, as the workload identity webhook mounts one. */
  async serviceAccountToken(
    cluster: string,
    user: string,
    namespace: string,
    serviceAccount: string,
  ) {
    const api = this.kubeConfigFor(cluster, user).makeApiClient(CoreV1Api);
    const response = await api.createNamespacedServiceAccountToken({
      name: serviceAccount,
      namespace,
      body: { spec: { audiences: ['api://AzureADTokenExchange'] } },
    });
    return response.status!.token;
  }

  /** The pod's token exchange: client_credentials with the SA token as assertion. */
  exchangeToken(
    clientId: string,
    assertion: string,
  ): Promise<{ status: number; body: any }> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      scope: 'https://management.azure.com/.default',
      client_assertion_type:
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString();
    const url = `https://127.0.0.1:${this.ports().entra}/${
      demoWorld.DEMO_TENANT_ID
    }/oauth2/v2.0/token`;
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: 'POST',
          ca: this.ca(),
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(form),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(form);
    });
  }

  /** What a pod running as the ServiceAccount gets when it exchanges its token for `clientId`. */
  async exchangeAsPod(
    cluster: string,
    namespace: string,
    serviceAccount: string,
    clientId: string,
  ) {
    const token = await this.serviceAccountToken(
      cluster,
      'alice',
      namespace,
      serviceAccount,
    );
    return this.exchangeToken(clientId, token);
  }

  remove() {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
