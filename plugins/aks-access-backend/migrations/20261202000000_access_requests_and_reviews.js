// @ts-check

/**
 * Time-bound access requests, and the review stamps of recertification.
 * Times are epoch milliseconds, so that the expiry task's range scans are
 * index lookups on every database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aks_access_requests', table => {
    table.string('id', 36).primary();
    table.string('entity_ref').notNullable();
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('principal').notNullable();
    table.string('level', 16).notNullable();
    table.string('duration', 40).notNullable();
    table.integer('duration_seconds').notNullable();
    table.text('justification').notNullable();
    table.string('requester').notNullable();
    table.string('state', 16).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('pending_until');
    table.bigInteger('decided_at');
    table.string('decided_by');
    table.text('comment');
    table.text('grant_id');
    table.bigInteger('expires_at');
    table.boolean('already_permanent').notNullable().defaultTo(false);
    // The 15-minutes-before-expiry notice, once sent.
    table.boolean('expiry_notified').notNullable().defaultTo(false);
    table.bigInteger('ended_at');
    table.string('ended_by');
    table.index(['state', 'expires_at'], 'aks_access_requests_expiry_idx');
    table.index(['state', 'pending_until'], 'aks_access_requests_pending_idx');
    table.index(['entity_ref'], 'aks_access_requests_entity_idx');
    table.index(['requester'], 'aks_access_requests_requester_idx');
  });
  await knex.schema.createTable('aks_access_grant_reviews', table => {
    table.string('grant_id', 1024).primary();
    table.string('entity_ref').notNullable();
    table.bigInteger('last_reviewed_at').notNullable();
    table.string('reviewed_by').notNullable();
    // The access view reads an entity's stamps on every request.
    table.index(['entity_ref'], 'aks_access_grant_reviews_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aks_access_grant_reviews');
  await knex.schema.dropTable('aks_access_requests');
};
