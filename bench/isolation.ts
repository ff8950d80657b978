/**
 * A database of this run's own on the PostgreSQL server DATABASE_URL names (the hub's default
 * server when unset), so a benchmark runs beside a live hub and never touches (or drops) its data.
 */
export function benchDatabaseUrl(prefix: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/verification_hub');
  url.pathname = `/${prefix}_${process.pid}`;
  return url.toString();
}
