import type { Knex } from 'knex';

const TABLE = 'aks_access_grant_reviews';

export interface ReviewStamp {
  lastReviewedAt: Date;
  reviewedBy: string;
}

/** When each grant was last confirmed, and by whom. No row: never reviewed. */
export class GrantReviewStore {
  constructor(private readonly knex: Knex) {}

  async stamp(
    grantId: string,
    entityRef: string,
    reviewedBy: string,
    at: Date,
  ): Promise<void> {
    await this.knex(TABLE)
      .insert({
        grant_id: grantId,
        entity_ref: entityRef,
        last_reviewed_at: at.getTime(),
        reviewed_by: reviewedBy,
      })
      .onConflict('grant_id')
      .merge(['entity_ref', 'last_reviewed_at', 'reviewed_by']);
  }

  async forget(grantId: string): Promise<void> {
    await this.knex(TABLE).where({ grant_id: grantId }).delete();
  }

  async forEntity(entityRef: string): Promise<Map<string, ReviewStamp>> {
    const rows = await this.knex(TABLE).where({ entity_ref: entityRef });
    return new Map(
      rows.map(r => [
        r.grant_id as string,
        {
          lastReviewedAt: new Date(Number(r.last_reviewed_at)),
          reviewedBy: r.reviewed_by as string,
        },
      ]),
    );
  }
}
