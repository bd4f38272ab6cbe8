import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** Whether a Kysely runs on PostgreSQL (else SQLite): for the few places where the two must differ. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Runs `work` unless another process is running work under the same key, in which case it returns null at
 * once. On PostgreSQL the key is a session advisory lock, held on one connection of the pool while `work`
 * runs (several app instances share the database); on SQLite one server process uses the file, and `work`
 * simply runs.
 */
export async function exclusively<T>(db: Kysely<any>, key: number, work: () => Promise<T>): Promise<T | null> {
  if (!isPostgres(db)) return work();
  return db.connection().execute(async (connection) => {
    const got = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection);
    if (!got.rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

/**
 * Runs `work` once no other process runs work under the same key, waiting for it if one does (on PostgreSQL,
 * a session advisory lock as in `exclusively`; on SQLite `work` simply runs).
 */
export async function serially<T>(db: Kysely<any>, key: number, work: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return work();
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${key})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

/** Advisory lock keys (any numbers the project uses for nothing else). */
export const LOCK_KEYS = { loginAttempts: 0x64766301, housekeeping: 0x64766302, seed: 0x64766303 } as const;
