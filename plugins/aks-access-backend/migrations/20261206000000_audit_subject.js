// @ts-check

/**
 * What each audited operation acted on (request, grant, principal, identity),
 * as JSON, and the request id on its own, indexed, so that
 * `GET /audit?requestId=` is an index lookup.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aks_access_audit', table => {
    table.string('request_id', 36);
    table.text('subject');
    table.index(['request_id'], 'aks_access_audit_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('aks_access_audit', table => {
    table.dropIndex(['request_id'], 'aks_access_audit_request_idx');
    table.dropColumn('subject');
    table.dropColumn('request_id');
  });
};
