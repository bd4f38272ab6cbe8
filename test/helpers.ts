import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import iconv from 'iconv-lite';
import request from 'supertest';
import { createUser } from '../db/account-repository';
import { openDatabase, type CatalogueDb, type SqliteCatalogueDb } from '../db/connection';
import { openSqlite } from '../db/sqlite';
import { hashPassword } from '../server/auth/passwords';
import { migrateToLatest } from '../db/migrate';
import type { Config } from '../server/config';
import { createApp } from '../server/app';
import { ImportJobs } from '../server/services/import-jobs';
import type { Clock } from '../domain/time';
import { freshPostgresDatabase } from './postgres';

/**
 * A fresh, migrated catalogue: in memory on SQLite, or — with TEST_BACKEND=postgres — a new database on the
 * TEST_DATABASE_URL server, dropped when the test closes it (test/postgres.ts).
 */
export async function openTestDb(): Promise<CatalogueDb> {
  if (process.env.TEST_BACKEND === 'postgres') {
    const fresh = await freshPostgresDatabase();
    const db = openDatabase(fresh.url);
    await migrateToLatest(db.kysely);
    const close = db.close.bind(db);
    db.close = async () => {
      await close();
      await fresh.drop();
    };
    return db;
  }
  return openSqliteTestDb();
}

/** A fresh, migrated in-memory SQLite catalogue, whatever the suite's backend: for tests whose reference is SQLite's own SQL. */
export async function openSqliteTestDb(): Promise<SqliteCatalogueDb> {
  const db = openSqlite(':memory:');
  await migrateToLatest(db.kysely);
  return db;
}

export const testConfig: Config = {
  port: 0,
  databaseUrl: 'sqlite::memory:',
  nodeEnv: 'test',
  production: false,
  seed: false,
  sessionSecret: 'test-secret-test-secret-test-secret',
  sessionIdleMinutes: 60,
  trustProxy: false,
  uploadLimitBytes: 1024 * 1024,
  uploadDir: path.join(os.tmpdir(), 'dvc-test-uploads'),
  listThread: false,
};

export const fixedClock = (iso = '2026-11-22T03:00:00.000Z'): Clock => ({ now: () => new Date(iso) });

let tmpDir: string | null = null;
export function tempDir(): string {
  tmpDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'dvc-test-'));
  return tmpDir;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * Windows-1258 has letters with breve, circumflex and horn (ă â ê ô ơ ư) but writes the five tone marks
 * as combining characters, as Excel does when it saves in this code page: "Tiếng" → "Tiê" + U+0301 + "ng".
 */
export function toWindows1258Form(text: string): string {
  return text.normalize('NFD').replace(/(\p{L})(\p{M}+)/gu, (_all, base: string, marks: string) => {
    const tones = marks.match(TONE_MARKS)?.join('') ?? '';
    const shape = marks.replace(TONE_MARKS, '');
    return (base + shape).normalize('NFC') + tones;
  });
}

let counter = 0;
/** Writes text to a temporary file in the given encoding (with a BOM for UTF-16 and 'utf-8-bom'). */
export function writeCsv(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1258' = 'utf-8', name?: string): string {
  const file = path.join(tempDir(), name ?? `file-${process.pid}-${++counter}.csv`);
  let bytes: Buffer;
  switch (encoding) {
    case 'utf-8':
      bytes = Buffer.from(text, 'utf8');
      break;
    case 'utf-8-bom':
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      break;
    case 'utf-16le':
      bytes = iconv.encode(text, 'utf16le', { addBOM: true });
      break;
    case 'utf-16be':
      bytes = iconv.encode(text, 'utf16be', { addBOM: true });
      break;
    case 'windows-1258':
      bytes = iconv.encode(toWindows1258Form(text), 'windows1258');
      break;
  }
  fs.writeFileSync(file, bytes);
  return file;
}

/** Joins rows into CSV text; cells are quoted only when they need it. */
export function csv(rows: string[][], delimiter = ',', eol = '\r\n'): string {
  const quote = (cell: string): string =>
    cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  return rows.map((row) => row.map(quote).join(delimiter)).join(eol) + eol;
}

export const HEADER = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG', 'Tình trạng'];

/** Every row of every catalogue table, in a stable order: "the database's content". */
export async function dumpCatalogue(db: CatalogueDb): Promise<Record<string, unknown[]>> {
  const tables = ['agency', 'field', 'procedure', 'offering', 'offering_tier', 'offering_history', 'import_run'] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    out[table] = await db.kysely.selectFrom(table).selectAll().orderBy(table === 'offering_tier' ? 'offering_id' : 'id').execute();
  }
  return out;
}

/** Creates a user directly in the database. */
export async function addUser(db: CatalogueDb, username: string, password: string, role: 'admin' | 'staff'): Promise<void> {
  await createUser(db.kysely, { username, role, passwordHash: await hashPassword(password), now: new Date().toISOString() });
}

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** An agent (cookies kept between requests) signed in to the app as this user. */
export async function signedInAgent(app: Express, username: string, password: string): Promise<ReturnType<typeof request.agent>> {
  const agent = request.agent(app);
  const login = await agent.get('/login').expect(200);
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username, password }).expect(303);
  return agent;
}

/** Collects what a CLI writes, for its tests. */
export function buffer(): { text: string; write(chunk: string): boolean } {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/**
 * A migrated in-memory catalogue with these accounts, the web import's jobs, and the app over both: what every
 * test of the web import starts from. `close()` waits for the jobs, then closes the database.
 */
export async function openTestApp(clock: Clock, users: [username: string, password: string, role: 'admin' | 'staff'][]) {
  const db = await openTestDb();
  const jobs = new ImportJobs(db, clock, () => undefined);
  const app = createApp({ db, config: testConfig, clock, log: () => undefined, jobs });
  for (const [username, password, role] of users) await addUser(db, username, password, role);
  const close = async () => {
    await jobs.close();
    await db.close();
  };
  return { db, jobs, app, close };
}

/** A supertest parser that keeps the body as bytes (a workbook, a Word document): `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
