import type { Knex } from 'knex';
import { eventHash, fieldsOfRow, GENESIS_HASH } from '../src/audit/event-hash.js';

/** The role the hub's runtime connections act as (SET ROLE at connect): no UPDATE, DELETE or TRUNCATE on the audit log. */
const APP_ROLE = 'hub_app';

/**
 * Audit log that nobody can quietly rewrite (issue 14):
 * - several independent hash chains (`chain`), the hash chaining each event's content digest;
 * - signed checkpoints of the chain heads (`audit_checkpoints`), and the checks made against them;
 * - a runtime role that may only INSERT and SELECT audit rows, and triggers that refuse UPDATE,
 *   DELETE and TRUNCATE even to the owner, except deletes covered by a retention record
 *   (`audit_retention`) written in the same transaction (the retention procedure, docs/AUDIT.md).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.smallint('chain').notNullable().defaultTo(0);
    t.index(['chain', 'seq']);
  });
  // An access recorded before the agencies are asked is closed by the event naming the same access id.
  await knex.raw("CREATE INDEX audit_events_access ON audit_events ((details ->> 'access')) WHERE (details ->> 'access') IS NOT NULL");
  await rechain(knex);
  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigInteger('number').primary();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.jsonb('heads').notNullable();
    t.text('kid').notNullable();
    t.text('jws').notNullable();
  });
  await knex.schema.createTable('audit_chain_checks', (t) => {
    t.bigIncrements('id');
    t.timestamp('checked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('through_checkpoint').references('number').inTable('audit_checkpoints');
    t.integer('checked').notNullable();
    t.boolean('ok').notNullable();
  });
  await knex.schema.createTable('audit_retention', (t) => {
    t.bigIncrements('id');
    t.bigInteger('txid').notNullable();
    t.bigInteger('checkpoint').notNullable().references('number').inTable('audit_checkpoints');
    t.jsonb('heads').notNullable();
    t.text('actor').notNullable();
    t.text('reason').notNullable();
    t.timestamp('purged_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await createAppendOnlyTriggers(knex);
  await createAppRole(knex);
}

/** Hashes of existing events under the digest-chaining formula; no checkpoint exists yet to contradict them. */
async function rechain(knex: Knex): Promise<void> {
  let prev = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows = await knex('audit_events').where('seq', '>', after).orderBy('seq').limit(1000);
    if (rows.length === 0) return;
    for (const row of rows) {
      const hash = eventHash(prev, fieldsOfRow(row));
      await knex('audit_events').where({ seq: row.seq }).update({ prev_hash: prev, hash });
      prev = hash;
      after = Number(row.seq);
    }
  }
}

async function createAppendOnlyTriggers(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- The retention procedure deletes events before a checkpoint's heads, in the transaction that records it.
      IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events' AND EXISTS (
        SELECT 1 FROM audit_retention r
        WHERE r.txid = txid_current() AND OLD.seq < ((r.heads -> OLD.chain::text) ->> 'seq')::bigint
      ) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'old events leave only through the retention procedure (docs/AUDIT.md)';
    END $$`);
  for (const table of ['audit_events', 'audit_checkpoints', 'audit_retention', 'audit_chain_checks']) {
    await knex.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
    await knex.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
  }
}

/**
 * Roles are shared by every database of the server, so creating one tolerates another database's
 * migration having made it (tests migrate many databases at once).
 */
async function createAppRole(knex: Knex): Promise<void> {
  await knex.raw(`
    DO $$ BEGIN
      CREATE ROLE ${APP_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await knex.raw(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  await knex.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
  await knex.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
  // Tables of later migrations (made by the same owner) get the same grants.
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
  await knex.raw(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints, audit_chain_checks FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_retention, knex_migrations, knex_migrations_lock FROM ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${APP_ROLE}`);
  await knex.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
  await knex.raw(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  for (const table of ['audit_events', 'audit_checkpoints', 'audit_retention', 'audit_chain_checks']) {
    await knex.raw(`DROP TRIGGER ${table}_append_only ON ${table}`);
    await knex.raw(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
  }
  await knex.raw('DROP FUNCTION audit_append_only()');
  await knex.raw('DROP INDEX audit_events_access');
  await knex.schema.dropTable('audit_retention');
  await knex.schema.dropTable('audit_chain_checks');
  await knex.schema.dropTable('audit_checkpoints');
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropIndex(['chain', 'seq']);
    t.dropColumn('chain');
  });
}
