import type { Knex } from 'knex';
import { inSpan } from '../tracing/index.js';

/** PostgreSQL's SQLSTATEs for a transaction that lost a race and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

const ATTEMPTS = 5;

/**
 * Runs `work` in a transaction and runs it again, from the start, when PostgreSQL aborts it as a
 * deadlock victim or a serialisation failure: such a transaction did nothing, and what it was to
 * record (a bank's answers, an audit event) must not be dropped. `work` must therefore be safe to
 * run again: read what it changes inside the transaction.
 */
export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  // One span per attempt: a trace shows a transaction run again after a deadlock.
  return retryLostRace(() => inSpan('db.transaction', () => db.transaction(work)));
}

/**
 * Runs one statement that is its own transaction (no BEGIN and COMMIT around it), again when it
 * loses a deadlock or a serialisation race, like inTransaction.
 */
export function inOneStatement<T>(statement: () => Promise<T>): Promise<T> {
  return retryLostRace(statement);
}

async function retryLostRace<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      // A short random pause lets the winner commit before the loser tries again.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
