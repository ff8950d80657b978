import type { Knex } from 'knex';

/**
 * One statement per audit append (issue 15: SQL statements per verification): `audit_append` takes
 * a chain's transaction-scoped lock (the first free one from a start the caller draws, or the one
 * the transaction already holds), reads the chain's head and inserts the events, chaining each
 * `hash = SHA-256(prev_hash || digest)` where `digest` is the SHA-256 of the event's canonical
 * content the hub computed (src/audit/event-hash.ts: the same formula, so checks are unchanged).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION audit_append(p_lock integer, p_held integer, p_start integer, p_chains integer, p_events jsonb)
    RETURNS TABLE (seq bigint, chain smallint) LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      v_chain integer := p_held;
      v_prev text;
      v_event jsonb;
      v_hash text;
      v_seq bigint;
    BEGIN
      IF v_chain < 0 THEN
        FOR i IN 0 .. p_chains - 1 LOOP
          IF pg_try_advisory_xact_lock(p_lock, (p_start + i) % p_chains) THEN
            v_chain := (p_start + i) % p_chains;
            EXIT;
          END IF;
        END LOOP;
        IF v_chain < 0 THEN
          PERFORM pg_advisory_xact_lock(p_lock, p_start);
          v_chain := p_start;
        END IF;
      END IF;
      SELECT e.hash INTO v_prev FROM audit_events e WHERE e.chain = v_chain ORDER BY e.seq DESC LIMIT 1;
      v_prev := coalesce(v_prev, repeat('0', 64));
      FOR v_event IN SELECT * FROM jsonb_array_elements(p_events) LOOP
        v_hash := encode(sha256(convert_to(v_prev || (v_event ->> 'digest'), 'UTF8')), 'hex');
        INSERT INTO audit_events (occurred_at, action, outcome, actor_sub, actor_org, actor_roles, purpose, application_ref,
          region_code, request_id, report_id, consent_ids, subject_ids, attribute_codes, report_sha256, error_code, details,
          chain, prev_hash, hash)
        SELECT r.occurred_at, r.action, r.outcome, r.actor_sub, r.actor_org, r.actor_roles, r.purpose, r.application_ref,
          r.region_code, r.request_id, r.report_id, r.consent_ids, r.subject_ids, r.attribute_codes, r.report_sha256, r.error_code, r.details,
          v_chain, v_prev, v_hash
        FROM jsonb_populate_record(NULL::audit_events, v_event -> 'fields') r
        RETURNING audit_events.seq INTO v_seq;
        seq := v_seq;
        chain := v_chain;
        RETURN NEXT;
        v_prev := v_hash;
      END LOOP;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION audit_append(integer, integer, integer, integer, jsonb)');
}
