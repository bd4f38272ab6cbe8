/**
 * The PostgreSQL side of the suite. `TEST_DATABASE_URL` names a server the tests may create databases on
 * (`.ci/run` starts a throwaway cluster with `.ci/postgres`; so does the suite's global set-up when the
 * machine has PostgreSQL installed and no URL is given). Each test file gets databases of its own, dropped
 * at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const postgresUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;

/** `describe` when a PostgreSQL server is at hand; otherwise the tests are reported as skipped, never as passed. */
export const describePostgres: jest.Describe = postgresUrl ? describe : describe.skip;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, empty database on the test server; `drop` removes it (closing whatever is still connected). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(postgresUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The suite's backend: SQLite unless TEST_BACKEND=postgres (test/helpers.ts openTestDb). */
export const testingOnPostgres = process.env.TEST_BACKEND === 'postgres';

/**
 * A test of SQLite itself (its file format, FTS5 table, pragmas, a migration's SQLite-only branch): run on the
 * SQLite pass of the suite, reported as skipped on the PostgreSQL pass.
 */
export const itOnSqlite: jest.It = testingOnPostgres ? it.skip : it;
