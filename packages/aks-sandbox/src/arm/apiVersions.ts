import { ArmError } from './errors';

/**
 * The api-versions each resource type answers. The sandbox serves one body
 * shape per type (that of the spec files), so it lists only versions whose
 * shape for the fields it serves is the same: the spec's own, and the ones the
 * Azure SDKs in use send (@azure/arm-authorization 9 → 2022-04-01,
 * @azure/arm-msi 2.2 → 2024-11-30, @azure/arm-containerservice → a recent GA).
 */
export const SUPPORTED_API_VERSIONS = {
  roleAssignments: [
    '2020-04-01-preview',
    '2020-08-01-preview',
    '2022-01-01-preview',
    '2022-04-01',
  ],
  roleDefinitions: ['2018-01-01-preview', '2022-04-01', '2022-05-01-preview'],
  userAssignedIdentities: [
    '2023-01-31',
    '2024-11-30',
    '2025-01-31-preview',
    '2026-05-31',
  ],
  managedClusters: [
    '2024-02-01',
    '2024-05-01',
    '2024-07-01',
    '2024-08-01',
    '2024-09-01',
    '2024-10-01',
    '2025-01-01',
    '2025-02-01',
    '2025-03-01',
    '2025-04-01',
    '2025-05-01',
    '2025-06-01',
    '2025-07-01',
    '2025-08-01',
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
      `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${supported.join(
        ', ',
      )}'. The supported locations are '${location}'.`,
    );
  }
}
