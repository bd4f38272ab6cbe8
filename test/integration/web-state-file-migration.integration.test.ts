/**
 * Migration 10 moves the accounts, sessions, sign-in attempts, audit log and uploads of an existing SQLite
 * catalogue into the web-state file beside it, keeping every row, and moves them back when migrated down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { migrations } from '../../db/migrations';
import { webStateLocation } from '../../db/sqlite';
import { addUser, tempDir } from '../helpers';

const BEFORE = '2026-12-01-09-sign-in-attempts';
let db: CatalogueDb;
let file: string;
let migrator: Migrator;

beforeEach(() => {
  file = path.join(tempDir(), `web-state-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  db = openDatabase(`sqlite:${file}`);
  migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.close();
});

const tablesIn = async (schema: 'main' | 'web') =>
  (await sql<{ name: string }>`select name from ${sql.raw(schema)}.sqlite_master where type = 'table' order by name`.execute(db.kysely)).rows.map((r) => r.name);

it('moves the web tables and their rows into their own file, and back', async () => {
  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  const userId = (await db.kysely.selectFrom('app_user').select('id').executeTakeFirstOrThrow()).id;
  await db.kysely.insertInto('user_session').values({ token_hash: 'h', user_id: userId, created_at: 'a', last_seen_at: 'b' }).execute();
  await db.kysely.insertInto('audit_log').values({ at: 'a', actor: 'canbo', action: 'login', detail: '{}', address: '192.0.2.1' }).execute();
  await db.kysely.insertInto('login_attempt').values({ username: 'x', address: '192.0.2.1', at: 'a', outcome: 'failed' }).execute();
  const rows = async () => ({
    users: await db.kysely.selectFrom('app_user').selectAll().execute(),
    sessions: await db.kysely.selectFrom('user_session').selectAll().execute(),
    audit: await db.kysely.selectFrom('audit_log').selectAll().execute(),
    attempts: await db.kysely.selectFrom('login_attempt').selectAll().execute(),
  });
  const before = await rows();

  // Up to this migration (later ones add web tables of their own, e.g. work_progress in migration 16).
  expect((await migrator.migrateTo('2026-12-01-10-web-state-file')).error).toBeUndefined();
  expect(fs.existsSync(webStateLocation(file))).toBe(true);
  expect(await tablesIn('web')).toEqual(['app_user', 'audit_log', 'import_upload', 'known_sign_in', 'login_attempt', 'user_session']);
  expect(await tablesIn('main')).not.toContain('app_user');
  expect(await rows()).toEqual(before);
  // Keys still hold inside the new file: a session points at its user there.
  const keys = await sql<{ table: string; from: string }>`pragma web.foreign_key_list(user_session)`.execute(db.kysely);
  expect(keys.rows.map((k) => [k.table, k.from])).toEqual([['app_user', 'user_id']]);

  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  expect(await tablesIn('web')).toEqual([]);
  expect(await tablesIn('main')).toContain('app_user');
  expect(await rows()).toEqual(before);
});

it('refuses to move into a web-state file that already holds another catalogue\'s accounts', async () => {
  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  await sql`create table web.app_user (id integer primary key)`.execute(db.kysely);
  const result = await migrator.migrateToLatest();
  expect(String(result.error)).toMatch(/already holds app_user/);
  expect(await tablesIn('main')).toContain('app_user');
});
