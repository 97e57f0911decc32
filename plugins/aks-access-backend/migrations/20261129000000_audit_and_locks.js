// @ts-check

/**
 * The audit log, one row per operation, and the leases that serialize writes
 * across backend replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aks_access_audit', table => {
    table.bigIncrements('id').primary();
    table.string('at', 32).notNullable();
    table.string('actor').notNullable();
    table.string('action', 64).notNullable();
    table.string('entity_ref').notNullable();
    table.string('cluster');
    table.string('namespace');
    table.boolean('dry_run').notNullable();
    table.string('outcome', 16).notNullable();
    table.text('changes').notNullable();
    table.text('error');
    table.index(['entity_ref'], 'aks_access_audit_entity_ref_idx');
  });
  await knex.schema.createTable('aks_access_locks', table => {
    table.string('key').primary();
    table.string('holder').notNullable();
    table.bigInteger('expires_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aks_access_locks');
  await knex.schema.dropTable('aks_access_audit');
};
