import { ArmError } from './errors';

/*
 * Where the lists come from: the api-version folders of the official specs in
 * Azure/azure-rest-api-specs (stable/ and preview/), as the autorest readme.md
 * of each spec folder lists them and as the folders themselves hold them
 * (looked up file by file in a stored copy of the repository, Dec 2026):
 *
 * - Microsoft.Authorization (specification/authorization/.../Authorization):
 *   `authorization-RoleAssignmentsCalls.json` in 2015-07-01, 2017-10-01-preview,
 *   2018-01-01-preview, 2018-09-01-preview, 2020-03-01-preview,
 *   2020-04-01-preview, 2020-08-01-preview, 2020-10-01-preview and 2022-04-01;
 *   `authorization-RoleDefinitionsCalls.json` in 2015-07-01, 2018-01-01-preview,
 *   2022-04-01 and 2022-05-01-preview. (The 2022-04-01 files are also in
 *   /work/shared/specs, see SOURCES.md.)
 * - Microsoft.ManagedIdentity (specification/msi/.../ManagedIdentity): the
 *   userAssignedIdentities paths in 2018-11-30, 2021-09-30-preview,
 *   2022-01-31-preview, 2023-01-31, 2023-07-31-preview, 2024-11-30,
 *   2025-01-31-preview, 2025-05-31-preview, 2026-04-30 and 2026-05-31 (SOURCES.md
 *   names the stable ones); the federatedIdentityCredentials paths first appear
 *   in 2022-01-31-preview (2021-09-30-preview has none). 2015-08-31-preview, the
 *   first preview of the provider, is left out: its identity carries a
 *   `clientSecretUrl` the sandbox has no data plane for.
 * - Microsoft.ContainerService (specification/containerservice/.../aks):
 *   `managedClusters.json` in every stable/ and preview/ folder: the readme's
 *   tags up to package-2024-01, then the folders (the 2026-xx stable ones as
 *   SOURCES.md and managedClusters-summary.md name them). 2024-06-01 and
 *   2024-08-02-preview were found only in forks' copies of the repository;
 *   they are listed rather than refuse a client that sends them.
 *
 * Each version answers with that version's shape where the shapes differ for
 * the fields the sandbox serves (see roleAssignments.ts, roleDefinitions.ts
 * and identities.ts); the lists are ascending, as ARM's messages list them.
 */
const MANAGED_IDENTITY_VERSIONS = [
  '2018-11-30',
  '2021-09-30-preview',
  '2022-01-31-preview',
  '2023-01-31',
  '2023-07-31-preview',
  '2024-11-30',
  '2025-01-31-preview',
  '2025-05-31-preview',
  '2026-04-30',
  '2026-05-31',
];

export const SUPPORTED_API_VERSIONS = {
  roleAssignments: [
    '2015-07-01',
    '2017-10-01-preview',
    '2018-01-01-preview',
    '2018-09-01-preview',
    '2020-03-01-preview',
    '2020-04-01-preview',
    '2020-08-01-preview',
    '2020-10-01-preview',
    '2022-04-01',
  ],
  roleDefinitions: [
    '2015-07-01',
    '2018-01-01-preview',
    '2022-04-01',
    '2022-05-01-preview',
  ],
  userAssignedIdentities: MANAGED_IDENTITY_VERSIONS,
  federatedIdentityCredentials: MANAGED_IDENTITY_VERSIONS.filter(
    v => v >= '2022-01-31-preview',
  ),
  managedClusters: [
    '2017-08-31',
    '2018-03-31',
    '2018-08-01-preview',
    '2019-02-01',
    '2019-04-01',
    '2019-06-01',
    '2019-08-01',
    '2019-10-01',
    '2019-11-01',
    '2020-01-01',
    '2020-02-01',
    '2020-03-01',
    '2020-04-01',
    '2020-06-01',
    '2020-07-01',
    '2020-09-01',
    '2020-11-01',
    '2020-12-01',
    '2021-02-01',
    '2021-03-01',
    '2021-05-01',
    '2021-07-01',
    '2021-08-01',
    '2021-09-01',
    '2021-10-01',
    '2021-11-01-preview',
    '2022-01-01',
    '2022-01-02-preview',
    '2022-02-01',
    '2022-02-02-preview',
    '2022-03-01',
    '2022-03-02-preview',
    '2022-04-01',
    '2022-04-02-preview',
    '2022-05-02-preview',
    '2022-06-01',
    '2022-06-02-preview',
    '2022-07-01',
    '2022-07-02-preview',
    '2022-08-02-preview',
    '2022-08-03-preview',
    '2022-09-01',
    '2022-09-02-preview',
    '2022-10-02-preview',
    '2022-11-01',
    '2022-11-02-preview',
    '2023-01-01',
    '2023-01-02-preview',
    '2023-02-01',
    '2023-02-02-preview',
    '2023-03-01',
    '2023-03-02-preview',
    '2023-04-01',
    '2023-04-02-preview',
    '2023-05-01',
    '2023-05-02-preview',
    '2023-06-01',
    '2023-06-02-preview',
    '2023-07-01',
    '2023-07-02-preview',
    '2023-08-01',
    '2023-08-02-preview',
    '2023-09-01',
    '2023-09-02-preview',
    '2023-10-01',
    '2023-10-02-preview',
    '2023-11-01',
    '2023-11-02-preview',
    '2024-01-01',
    '2024-01-02-preview',
    '2024-02-01',
    '2024-02-02-preview',
    '2024-03-01',
    '2024-03-02-preview',
    '2024-04-02-preview',
    '2024-05-01',
    '2024-05-02-preview',
    '2024-06-01',
    '2024-06-02-preview',
    '2024-07-01',
    '2024-07-02-preview',
    '2024-08-01',
    '2024-08-02-preview',
    '2024-09-01',
    '2024-09-02-preview',
    '2024-10-01',
    '2024-10-02-preview',
    '2025-01-01',
    '2025-01-02-preview',
    '2025-02-01',
    '2025-02-02-preview',
    '2025-03-01',
    '2025-03-02-preview',
    '2025-04-01',
    '2025-04-02-preview',
    '2025-05-01',
    '2025-05-02-preview',
    '2025-06-01',
    '2025-06-02-preview',
    '2025-07-01',
    '2025-07-02-preview',
    '2025-08-01',
    '2025-08-02-preview',
    '2025-09-01',
    '2025-09-02-preview',
    '2025-10-01',
    '2025-10-02-preview',
    '2026-01-01',
    '2026-01-02-preview',
    '2026-02-01',
    '2026-02-02-preview',
    '2026-03-01',
    '2026-03-02-preview',
    '2026-04-01',
    '2026-04-02-preview',
    '2026-05-01',
    '2026-05-02-preview',
    '2026-06-01',
    '2026-06-02-preview',
    '2026-07-01',
    '2026-07-02-preview',
    '2026-08-01',
    '2026-08-02-preview',
    '2026-10-01',
    '2026-10-02-preview',
  ],
  /**
   * The stable versions whose managedClusters.json has managedNamespaces:
   * 2025-09-01 (the first, Azure/azure-rest-api-specs#38021) to 2026-10-01
   * (specs/MANAGED-NAMESPACES.md §2). The previews that have it are left
   * out: those before the realignment to GA (#38036) had another shape.
   */
  managedNamespaces: [
    '2025-09-01',
    '2025-10-01',
    '2026-01-01',
    '2026-02-01',
    '2026-03-01',
    '2026-04-01',
    '2026-05-01',
    '2026-06-01',
    '2026-07-01',
    '2026-08-01',
    '2026-10-01',
  ],
} as const;

export type ArmResourceType = keyof typeof SUPPORTED_API_VERSIONS;

/** The type as ARM names it in its messages, below the provider namespace, where that differs from the key. */
const ARM_TYPE_NAMES: Partial<Record<ArmResourceType, string>> = {
  federatedIdentityCredentials:
    'userAssignedIdentities/federatedIdentityCredentials',
  managedNamespaces: 'managedClusters/managedNamespaces',
};

/** ARM's own versions, which it lists when an api-version is not even a date. */
const ARM_API_VERSIONS = [
  '2025-04-01',
  '2025-03-01',
  '2024-11-01',
  '2024-07-01',
  '2024-03-01',
  '2023-07-01',
  '2022-12-01',
  '2022-09-01',
  '2021-04-01',
  '2020-06-01',
];

const API_VERSION_FORMAT =
  /^\d{4}-\d{2}-\d{2}(-preview|-privatepreview|-beta|-alpha)?$/i;

/**
 * Checks the api-version as ARM's front door does: missing, malformed (ARM's
 * own list in the message) or not registered for the type (the provider's list).
 */
export function checkApiVersion(
  apiVersion: string | null,
  type: ArmResourceType,
  location: string,
): asserts apiVersion is string {
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!API_VERSION_FORMAT.test(apiVersion)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${ARM_API_VERSIONS.join(
        ',',
      )}'.`,
    );
  }
  const supported: readonly string[] = SUPPORTED_API_VERSIONS[type];
  if (!supported.includes(apiVersion.toLowerCase())) {
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${
        ARM_TYPE_NAMES[type] ?? type
      }'. The supported api-versions are '${supported.join(
        ', ',
      )}'. The supported locations are '${location}'.`,
    );
  }
}
