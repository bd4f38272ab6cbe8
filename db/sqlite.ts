/**
 * Everything SQLite-specific lives here: opening the file, pragmas, and the prepared-statement fast path
 * that the importer uses for its per-row queries. The queries themselves are still written with Kysely,
 * so they stay portable; only their execution is SQLite's.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  type Compilable,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { Database } from './schema';
import type { OpenOptions, PreparedQuery, PreparedRows, SqliteCatalogueDb } from './connection';
import { DatabaseBusyError } from './errors';

const PARAM_MARK = '\u0000param:';

/**
 * A named placeholder for a query that will be prepared once and run many times. The value is only a
 * marker: `prepare` maps each marker to the name given here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a marker stands in for a value of any column type
export function param(name: string): any {
  return `${PARAM_MARK}${name}`;
}

/** Each parameter of a compiled query: a param() marker, bound by name at run time, or a constant of the query. */
type Slot = { name: string } | { name: null; constant: unknown };

function slotsOf(parameters: readonly unknown[]): Slot[] {
  return parameters.map((value): Slot =>
    typeof value === 'string' && value.startsWith(PARAM_MARK) ? { name: value.slice(PARAM_MARK.length) } : { name: null, constant: value },
  );
}

const sameSlot = (a: Slot, b: Slot): boolean => (a.name === null ? b.name === null && Object.is(a.constant, b.constant) : a.name === b.name);

/**
 * A multi-row insert on a rowid table. Its ids are consecutive: SQLite gives each new row one more than the
 * largest rowid in the table (https://sqlite.org/autoinc.html), and one statement inserts its rows in order
 * with nothing in between, so the last id and the row count give them all. (PostgreSQL will need RETURNING.)
 */
function prepareRows(raw: BetterSqlite3.Database, build: (rows: number) => Compilable<unknown>): PreparedRows {
  const row = slotsOf(build(1).compile().parameters);
  const width = row.length;
  const statements = new Map<number, { statement: BetterSqlite3.Statement; args: unknown[] }>();
  const statementFor = (count: number) => {
    let prepared = statements.get(count);
    if (!prepared) {
      const compiled = build(count).compile();
      const slots = slotsOf(compiled.parameters);
      // The values are bound row after row in the one-row order: check that the query really lists them so.
      if (slots.length !== width * count || slots.some((slot, i) => !sameSlot(slot, row[i % width]!))) {
        throw new Error(`prepareRows: the ${count}-row insert does not repeat the one-row insert's values in order`);
      }
      prepared = { statement: raw.prepare(compiled.sql), args: slots.map((slot) => (slot.name === null ? slot.constant : undefined)) };
      statements.set(count, prepared);
    }
    return prepared;
  };
  return {
    insert(rows) {
      if (rows.length === 0) throw new Error('prepareRows: nothing to insert');
      const { statement, args } = statementFor(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const values = rows[r] as Record<string, unknown>;
        const base = r * width;
        for (let c = 0; c < width; c++) {
          const slot = row[c]!;
          if (slot.name === null) continue;
          const value = values[slot.name];
          if (value === undefined) throw new Error(`Missing value for parameter "${slot.name}"`);
          args[base + c] = value;
        }
      }
      const result = statement.run(args);
      // Every row inserted (no OR IGNORE, no conflict clause): else the ids would not be the count before the last.
      if (result.changes !== rows.length) throw new Error(`prepareRows: ${result.changes} of ${rows.length} rows inserted`);
      const lastId = Number(result.lastInsertRowid);
      return { firstId: lastId - rows.length + 1, lastId };
    },
  };
}


/**
 * The file beside the catalogue that holds the web's own state: accounts, sessions, sign-in attempts, the
 * audit log and uploads (migration 10). Its own file, so that its writes never wait for the catalogue's one
 * writer: a sign-in during a long import takes a lock the import does not hold.
 */
export function webStateLocation(location: string): string {
  if (location === ':memory:') return ':memory:';
  return location.endsWith('.db') ? `${location.slice(0, -3)}.web.db` : `${location}.web.db`;
}

const isBusy = (error: unknown): boolean => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` again while the database answers "busy", waiting between tries without holding the event
 * loop (better-sqlite3's busy_timeout would wait synchronously, freezing every other request), until
 * `waitMs` have passed; then throws DatabaseBusyError. A statement that found the database busy did nothing,
 * so trying it again is safe.
 */
async function retryWhileBusy<T>(attempt: () => T | Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() + pause > deadline) throw new DatabaseBusyError(error);
      await sleep(pause);
    }
  }
}

/** A Kysely connection whose statements wait (asynchronously) while another connection writes. */
class PatientConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly waitMs: number,
  ) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return retryWhileBusy(() => this.inner.executeQuery<R>(query), this.waitMs);
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class PatientDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly waitMs: number,
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PatientConnection(await this.inner.acquireConnection(), this.waitMs);
  }
  /**
   * A Kysely transaction takes its write locks at BEGIN (IMMEDIATE), waiting asynchronously while another
   * connection writes: begun deferred, a transaction that read first and then found the lock taken could
   * never write (SQLITE_BUSY_SNAPSHOT). It locks every attached file, so keep such transactions short; the
   * long ones (imports, undo) use CatalogueDb.begin, which locks the catalogue alone.
   */
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint!(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as PatientConnection).inner);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class PatientSqliteDialect extends SqliteDialect {
  constructor(
    database: BetterSqlite3.Database,
    private readonly waitMs: number,
  ) {
    super({ database });
  }
  override createDriver(): Driver {
    return new PatientDriver(super.createDriver(), this.waitMs);
  }
}

/** How long a connection waits for another writer before giving up, unless told otherwise: a command line's wait. */
const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;

export function openSqlite(location: string, options: OpenOptions = {}): SqliteCatalogueDb {
  const memory = location === ':memory:';
  if (!memory) fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
  const lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const raw = new BetterSqlite3(location);
  raw.prepare('ATTACH DATABASE ? AS web').run(webStateLocation(location));
  if (!memory) {
    raw.pragma('main.journal_mode = WAL');
    raw.pragma('web.journal_mode = WAL');
  }
  raw.pragma('foreign_keys = ON');
  // Never wait inside SQLite: that wait is synchronous and would hold the event loop. Statements that find
  // the database busy are tried again asynchronously (retryWhileBusy).
  raw.pragma('busy_timeout = 0');
  // In WAL mode NORMAL keeps every commit atomic; only the last commits before a power cut may be lost.
  raw.pragma('synchronous = NORMAL');
  // Up to 64 MB of page cache (the default is 2 MB): an import's index inserts land all over the
  // offering and history indexes, and with a small cache each transaction spills and re-reads pages.
  // Memory is only taken as pages are used.
  raw.pragma('cache_size = -65536');

  const kysely = new Kysely<Database>({ dialect: new PatientSqliteDialect(raw, lockWaitMs) });
  const statements = {
    begin: raw.prepare('BEGIN'),
    // The transaction's first statement writes the catalogue: it takes the catalogue's write lock at once, and
    // only that one. (BEGIN IMMEDIATE would lock the attached web-state file too, and every sign-in would
    // wait for the import.) It changes nothing.
    claim: null as BetterSqlite3.Statement | null,
    commit: raw.prepare('COMMIT'),
    rollback: raw.prepare('ROLLBACK'),
  };

  return {
    dialect: 'sqlite',
    location,
    kysely,
    prepare<R>(query: Compilable<R>): PreparedQuery<R> {
      const compiled = query.compile();
      const slots = slotsOf(compiled.parameters);
      const statement = raw.prepare(compiled.sql);
      const names = slots.map((slot) => slot.name);
      const constants = slots.map((slot) => (slot.name === null ? slot.constant : undefined));
      // One argument array per statement, refilled on every run: the importer runs these statements a
      // few times per row, and better-sqlite3 copies the values before it returns.
      const args: unknown[] = constants.slice();
      const bind = (values: Record<string, unknown>): unknown[] => {
        for (let i = 0; i < names.length; i++) {
          const name = names[i];
          if (name === null) continue;
          const value = values[name];
          if (value === undefined) throw new Error(`Missing value for parameter "${name}"`);
          args[i] = value;
        }
        return args;
      };
      const reader = statement.reader;
      return {
        get: (values = {}) => (reader ? (statement.get(bind(values)) as R | undefined) : undefined),
        all: (values = {}) => (reader ? (statement.all(bind(values)) as R[]) : []),
        run: (values = {}) => {
          const result = statement.run(bind(values));
          return { changes: result.changes, lastInsertId: Number(result.lastInsertRowid) };
        },
      };
    },
    prepareRows: (build) => prepareRows(raw, build),
    begin: () =>
      retryWhileBusy(() => {
        statements.begin.run();
        try {
          // Prepared on first use: before the first migration there is no catalogue_state.
          (statements.claim ??= raw.prepare('UPDATE main.catalogue_state SET version = version WHERE id = 1')).run();
        } catch (error) {
          statements.rollback.run();
          throw error;
        }
      }, lockWaitMs),
    commit: async () => {
      statements.commit.run();
    },
    rollback: async () => {
      if (raw.inTransaction) statements.rollback.run();
    },
    inTransaction: () => raw.inTransaction,
    openAnother(another: OpenOptions = {}) {
      return memory ? this : openSqlite(location, another);
    },
    close: async () => {
      await kysely.destroy();
      if (raw.open) raw.close();
    },
  };
}
