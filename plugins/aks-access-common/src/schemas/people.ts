import { z } from 'zod/v3';
import type { GrantLevel } from '../roles/accessLevels';

/** The levels a person can hold in a namespace, least to most privileged. */
export const PEOPLE_LEVELS = [
  'read',
  'write',
  'admin',
  'cluster-admin',
] as const;
export type PeopleLevel = (typeof PEOPLE_LEVELS)[number];

/**
 * Orders levels: negative when `a` is below `b`. `custom` (a role that maps
 * to no level) ranks below read, since no level says what it allows; what it
 * allows that matters is in the person's sensitive permissions.
 */
export function comparePeopleLevels(a: GrantLevel, b: GrantLevel): number {
  const rank = (level: GrantLevel) =>
    level === 'custom' ? -1 : PEOPLE_LEVELS.indexOf(level);
  return rank(a) - rank(b);
}

export function isPeopleLevel(value: unknown): value is PeopleLevel {
  return (PEOPLE_LEVELS as readonly unknown[]).includes(value);
}

export const PEOPLE_PAGE_MAX = 500;

/** The query string of GET /entities/:kind/:namespace/:name/people. */
export const peopleQuery = z
  .object({
    minLevel: z
      .enum(PEOPLE_LEVELS, {
        errorMap: () => ({
          message: `minLevel must be one of ${PEOPLE_LEVELS.join(', ')}`,
        }),
      })
      .optional(),
    offset: z.coerce
      .number({ invalid_type_error: 'offset must be a number' })
      .int('offset must be a whole number')
      .min(0, 'offset must be 0 or more')
      .optional(),
    limit: z.coerce
      .number({ invalid_type_error: 'limit must be a number' })
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(PEOPLE_PAGE_MAX, `limit must be at most ${PEOPLE_PAGE_MAX}`)
      .optional(),
    /** Case-insensitive substring of the name, UPN or object id. */
    q: z.string().max(200, 'q must be at most 200 characters').optional(),
  })
  .strict();

export type PeopleQuery = z.infer<typeof peopleQuery>;
