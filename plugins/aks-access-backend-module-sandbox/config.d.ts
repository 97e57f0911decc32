export interface Config {
  aksAccess?: {
    /**
     * The local AKS sandbox (packages/aks-sandbox), run in the backend by
     * this module, which points aks-access at it: Entra, ARM, Graph and the
     * clusters. The clusters come from the sandbox when `aksAccess.clusters`
     * is empty.
     */
    sandbox?: {
      /** Off leaves aks-access on its configured Azure, as in production. */
      enabled: boolean;
      /**
       * Where the sandbox keeps its state and CA, and writes `kubeconfig`,
       * `ca.pem`, `credentials.json` and `app-config.sandbox.yaml` for other
       * clients. Default `.aks-sandbox` at the repository root.
       */
      dataDir?: string;
      /** False keeps the world in memory only: each start is a fresh world. Default true. */
      persist?: boolean;
      /** The world to create on first start: `demo` (default), `large`, `xlarge` (a fleet: 30 clusters in 10 subscriptions) or `empty`. */
      seed?: 'demo' | 'large' | 'xlarge' | 'empty';
      /** Fault injection, as the sandbox CLI flags (DESIGN §8). */
      faults?: {
        latencyMs?: number;
        armThrottle?: { capacity: number; refillPerSecond: number };
        kubeThrottle?: { capacity: number; refillPerSecond: number };
        principalReplicationMs?: number;
        ficConcurrencyWindowMs?: number;
        armErrorRate?: number;
        /** Probability 0..1 of a random 500/503 from the Kubernetes API servers. */
        kubeErrorRate?: number;
      };
    };
  };
}
