/**
 * Everything PostgreSQL-specific lives here, as db/sqlite.ts holds SQLite's: the connection pool and the
 * type conversions. Queries are the same Kysely queries on both backends.
 */
import {
  Kysely,
  PostgresDialect,
  sql,
  type CompiledQuery,
  type ControlledTransaction,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import pg from 'pg';
import type { OpenOptions, PostgresCatalogueDb } from './connection';
import { DatabaseBusyError } from './errors';
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
  return { kysely: new Kysely<Database>({ dialect: new BusyAwarePostgresDialect({ pool }) }), pool };
}

/** lock_not_available: a statement waited lock_timeout for a lock another transaction (an import) holds. */
const LOCK_NOT_AVAILABLE = '55P03';

const busy = (error: unknown): unknown =>
  (error as { code?: unknown })?.code === LOCK_NOT_AVAILABLE ? new DatabaseBusyError(error) : error;

/** A statement that waited too long for a lock fails as DatabaseBusyError, as it does on SQLite ("try again"). */
class BusyAwareConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      throw busy(error);
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class BusyAwarePostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    const inner = super.createDriver();
    const unwrap = (c: DatabaseConnection) => (c as BusyAwareConnection).inner;
    return {
      init: () => inner.init(),
      acquireConnection: async () => new BusyAwareConnection(await inner.acquireConnection()),
      beginTransaction: (c, settings) => inner.beginTransaction(unwrap(c), settings),
      commitTransaction: (c) => inner.commitTransaction(unwrap(c)),
      rollbackTransaction: (c) => inner.rollbackTransaction(unwrap(c)),
      savepoint: (c, name, compile) => inner.savepoint!(unwrap(c), name, compile),
      rollbackToSavepoint: (c, name, compile) => inner.rollbackToSavepoint!(unwrap(c), name, compile),
      releaseSavepoint: (c, name, compile) => inner.releaseSavepoint!(unwrap(c), name, compile),
      releaseConnection: (c) => inner.releaseConnection(unwrap(c)),
      destroy: () => inner.destroy(),
    };
  }
}

/** The URL without its password, to show in logs and messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * The catalogue on PostgreSQL. Like a SQLite connection, a CatalogueDb has one transaction at a time: while
 * begin() has one open, `kysely` runs inside it on the one connection it holds (nothing else may use this
 * CatalogueDb meanwhile: a long write opens its own with openAnother()); otherwise `kysely` is the pool.
 * begin() takes the catalogue's write lock (the catalogue_state row, FOR UPDATE), so imports and undo on every
 * app instance follow each other, while readers and the web's own writes go on beside them.
 */
export function openPostgres(url: string, options: OpenOptions & { poolSize?: number } = {}): PostgresCatalogueDb {
  const { kysely: pool } = openPostgresKysely(url, { poolSize: options.poolSize, lockWaitMs: options.lockWaitMs });
  let open: ControlledTransaction<Database> | null = null;
  return {
    dialect: 'postgres',
    location: redactedUrl(url),
    get kysely() {
      return open ?? pool;
    },
    async begin() {
      if (open) throw new Error('a transaction is already open on this connection');
      const trx = await pool.startTransaction().execute();
      try {
        await sql`select version from catalogue_state where id = 1 for update`.execute(trx);
      } catch (error) {
        await trx.rollback().execute();
        throw error;
      }
      open = trx;
    },
    async commit() {
      const trx = open;
      open = null;
      await trx?.commit().execute();
    },
    async rollback() {
      const trx = open;
      open = null;
      await trx?.rollback().execute();
    },
    inTransaction: () => open !== null,
    openAnother(another: OpenOptions = {}) {
      return openPostgres(url, { ...another, poolSize: 2 });
    },
    async close() {
      if (open) await this.rollback();
      await pool.destroy();
    },
  };
}
