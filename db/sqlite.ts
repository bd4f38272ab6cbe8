/**
 * Everything SQLite-specific lives here: opening the file, pragmas, and the prepared-statement fast path
 * that the importer uses for its per-row queries. The queries themselves are still written with Kysely,
 * so they stay portable; only their execution is SQLite's.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable } from 'kysely';
import type { Database } from './schema';
import type { CatalogueDb, PreparedQuery, PreparedRows } from './connection';

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

export function openSqlite(location: string): CatalogueDb {
  const memory = location === ':memory:';
  if (!memory) fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
  const raw = new BetterSqlite3(location);
  if (!memory) raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // In WAL mode NORMAL keeps every commit atomic; only the last commits before a power cut may be lost.
  raw.pragma('synchronous = NORMAL');
  // Up to 64 MB of page cache (the default is 2 MB): an import's index inserts land all over the
  // offering and history indexes, and with a small cache each transaction spills and re-reads pages.
  // Memory is only taken as pages are used.
  raw.pragma('cache_size = -65536');

  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const statements = {
    begin: raw.prepare('BEGIN IMMEDIATE'),
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
    begin: () => void statements.begin.run(),
    commit: () => void statements.commit.run(),
    rollback: () => {
      if (raw.inTransaction) statements.rollback.run();
    },
    inTransaction: () => raw.inTransaction,
    openAnother() {
      return memory ? this : openSqlite(location);
    },
    close: async () => {
      await kysely.destroy();
      if (raw.open) raw.close();
    },
  };
}
