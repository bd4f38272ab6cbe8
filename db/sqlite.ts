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
import type { CatalogueDb, PreparedQuery } from './connection';

const PARAM_MARK = '\u0000param:';

/**
 * A named placeholder for a query that will be prepared once and run many times. The value is only a
 * marker: `prepare` maps each marker to the name given here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a marker stands in for a value of any column type
export function param(name: string): any {
  return `${PARAM_MARK}${name}`;
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
      // Each parameter is either a param() marker, bound by name at run time, or a constant of the query.
      const slots = compiled.parameters.map((value): { name: string } | { name: null; constant: unknown } =>
        typeof value === 'string' && value.startsWith(PARAM_MARK)
          ? { name: value.slice(PARAM_MARK.length) }
          : { name: null, constant: value },
      );
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
