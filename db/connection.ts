/**
 * Opens the catalogue database named by a DATABASE_URL: SQLite, the embedded default (sqlite:file.db, db/sqlite.ts),
 * or PostgreSQL (postgres://…, db/postgres.ts) for several app instances on one database.
 */
import type { Compilable, Kysely } from 'kysely';
import type { Database } from './schema';
import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';

export { DatabaseBusyError } from './errors';

export interface PreparedQuery<R> {
  get(values?: Record<string, unknown>): R | undefined;
  all(values?: Record<string, unknown>): R[];
  run(values?: Record<string, unknown>): { changes: number; lastInsertId: number };
}

/** A multi-row insert, prepared once per number of rows and run many times. */
export interface PreparedRows {
  /**
   * Inserts these rows (each an object holding the values its `param()` markers name) with one statement.
   * Returns the rows' ids, first to last: an import needs them for the rows that point at the new ones.
   */
  insert(rows: readonly object[]): { firstId: number; lastId: number };
}

/** What every backend's connection offers: Kysely, and a transaction that may stay open across awaits. */
interface CatalogueConnection {
  /** A file path or ':memory:' (SQLite); the URL without its password (PostgreSQL). */
  location: string;
  kysely: Kysely<Database>;
  /**
   * A write transaction that may stay open across awaits (a streamed import). While it is open, nothing
   * else may use this connection: readers elsewhere use their own connection and see the last commit.
   * Resolves once the catalogue's write lock is held, waiting (without blocking) while another writer has it.
   */
  begin(): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back the open transaction; resolves at once when none is open. */
  rollback(): Promise<void>;
  inTransaction(): boolean;
  /**
   * Another connection to the same database, for a long write (a web import) while this one keeps serving
   * reads of the last committed state. An in-memory database has only one connection: it returns itself.
   */
  openAnother(options?: OpenOptions): CatalogueDb;
  close(): Promise<void>;
}

/**
 * SQLite's connection, with its fast path: statements prepared once and run many times, synchronously (the
 * importer's per-row queries, the status every page reads). Only db/sqlite*.ts and db/catalogue-status.ts use it.
 */
export interface SqliteCatalogueDb extends CatalogueConnection {
  dialect: 'sqlite';
  /** Prepares a Kysely-built query whose values are `param()` markers, to run many times. */
  prepare<R>(query: Compilable<R>): PreparedQuery<R>;
  /**
   * Prepares an insert of many rows at once: `build(n)` returns the Kysely insert of n rows, every row's
   * values the same `param()` markers (and constants). One statement for a batch of rows costs far less
   * than one per row; the importer writes its new offerings, tiers and history this way.
   */
  prepareRows(build: (rows: number) => Compilable<unknown>): PreparedRows;
  openAnother(options?: OpenOptions): SqliteCatalogueDb;
}

/** PostgreSQL's connection (db/postgres.ts): a pool, or the one connection of an open transaction. */
export interface PostgresCatalogueDb extends CatalogueConnection {
  dialect: 'postgres';
}

/** The catalogue's database, whichever backend: code that needs one backend's own features narrows on `dialect`. */
export type CatalogueDb = SqliteCatalogueDb | PostgresCatalogueDb;

export interface OpenOptions {
  /**
   * How long a statement waits while another connection holds the write lock, before DatabaseBusyError.
   * The web's own connection waits briefly (an answer is due within a second); an import's, a long time.
   */
  lockWaitMs?: number;
}

export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** Parses `sqlite:path/to/file.db`, `sqlite::memory:` or `postgres://…`; throws a readable error otherwise. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (rest === '') throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/catalogue.db');
    return { kind: 'sqlite', path: rest };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

export function openDatabase(url: string, options: OpenOptions = {}): CatalogueDb {
  const location = parseDatabaseUrl(url);
  if (location.kind === 'postgres') return openPostgres(location.url, options);
  return openSqlite(location.path, options);
}
