export interface Config {
  /** AKS Access for Backstage */
  aksAccess?: {
    /**
     * Entity ref of the platform group whose members may do everything.
     * @visibility backend
     */
    platformGroup?: string;
  };
}
