/**
 * Everything PostgreSQL-specific lives here, as db/sqlite.ts holds SQLite's: the connection pool and the
 * type conversions. Queries are the same Kysely queries on both backends.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

/**
 * Values as the SQLite backend returns them: bigint results (count(*), sums) as numbers rather than strings
 * (every count in a catalogue is far below 2^53), numeric as numbers.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PostgresOptions {
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
  /** How long a statement may wait for a lock before it fails (lock_timeout), in milliseconds. */
  lockWaitMs?: number;
}

/** A pool of connections and a Kysely on it. The caller destroys the Kysely when done (it ends the pool). */
export function openPostgresKysely(url: string, options: PostgresOptions = {}): { kysely: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    // The application's name in pg_stat_activity, so a database administrator sees whose connections these are.
    application_name: 'dvc-catalogue',
    ...(options.lockWaitMs !== undefined ? { options: `-c lock_timeout=${Math.max(1, Math.round(options.lockWaitMs))}` } : {}),
  });
  // An idle connection that the server closes (a restart, a failover) emits an error on the pool: the pool
  // drops it and opens another on the next query. Without a listener the process would exit.
  pool.on('error', () => {});
  return { kysely: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}
