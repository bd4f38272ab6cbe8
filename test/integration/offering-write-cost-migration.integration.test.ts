/**
 * The migration that trims the offering indexes, on a database that already holds a catalogue: every tier
 * stays, the queries find the same offerings, and it can be rolled back.
 */
import { Migrator, sql } from 'kysely';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { migrations } from '../../db/migrations';
import { findProcedureId } from '../../db/procedure-repository';
import { importFile } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, HEADER, writeCsv } from '../helpers';

const MIGRATION = '2026-11-22-07-offering-write-cost';
/** The migration just before this one, whichever it is. */
const BEFORE = Object.keys(migrations).sort()[Object.keys(migrations).sort().indexOf(MIGRATION) - 1];
let db: CatalogueDb;
let migrator: Migrator;

beforeEach(() => {
  db = openDatabase('sqlite::memory:');
  migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.close();
});

async function tableSql(name: string): Promise<string> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where name = ${name}`.execute(db.kysely);
  return rows[0].sql;
}

it('keeps the tiers and local codes of an existing catalogue, and rolls back', async () => {
  // The catalogue is imported with today's importer, on today's schema, then taken back to the schema before
  // this migration: that is the database the migration meets.
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  const rows = [
    ['1.001612.000.00.53.H48', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '4', 'Hộ tịch', 'Cấp huyện, Cấp xã', 'Có', ''],
    ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', 'Hộ tịch', 'Cấp tỉnh', '', ''],
    ['2.000908', 'Cấp giấy phép xây dựng', 'UBND xã Bình Châu', '2', '', '', '', ''],
  ];
  expect((await importFile(db, writeCsv(csv([HEADER, ...rows])), {}, fixedClock())).status).toBe('imported');
  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  expect(await tableSql('offering_tier')).not.toMatch(/without rowid/i);
  const before = await dumpCatalogue(db);

  expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
  expect(await dumpCatalogue(db)).toEqual(before);
  expect(await tableSql('offering_tier')).toMatch(/without rowid$/i);
  expect(await tableSql('offering_local_code_idx')).toMatch(/where "local_code" is not null$/);
  const procedure = (before.procedure as { id: number; code: string }[]).find((p) => p.code === '1.001612')!;
  expect(await findProcedureId(db.kysely, ['1.001612.000.00.53.H48'])).toBe(procedure.id);
  const { rows: plan } = await sql<{ detail: string }>`explain query plan select procedure_id from offering where local_code = ${'1.001612.000.00.53.H48'}`.execute(db.kysely);
  expect(plan.map((p) => p.detail).join('\n')).toContain('offering_local_code_idx');

  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  expect(await dumpCatalogue(db)).toEqual(before);
  expect(await tableSql('offering_tier')).not.toMatch(/without rowid/i);
  expect(await tableSql('offering_local_code_idx')).not.toMatch(/where/i);
});
