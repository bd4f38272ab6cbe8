/**
 * Undoing an import puts back everything it changed: levels, integration and status (from the history), and
 * also local codes, tiers, procedure names and details (from its before-images); refused when a later import
 * changed the same ones.
 */
import { Migrator, sql } from 'kysely';
import type { CatalogueDb } from '../../db/connection';
import { migrations } from '../../db/migrations';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { csv, fixedClock, openTestDb, writeCsv } from '../helpers';
import { testingOnPostgres } from '../postgres';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const HEADER = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Phí, lệ phí', 'Thời hạn giải quyết'];
const FIRST = [
  HEADER,
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Không thu phí', '01 ngày'],
  ['1.001612.000.00.00.H48', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '3', 'Hộ tịch', 'Cấp huyện', '', ''],
  ['1.004194', 'Đăng ký tạm trú', 'Công an tỉnh Quảng Ngãi', '4', 'Đăng ký, quản lý cư trú', 'Cấp tỉnh, Cấp xã', '', '03 ngày'],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '2', 'Hoạt động xây dựng', 'Cấp tỉnh', '', ''],
];

async function run(rows: string[][], asOf: string) {
  const report = await importFile(db, writeCsv(csv(rows)), { asOf }, clock);
  expect(report.status).toBe('imported');
  return report.importId!;
}

/** What a reader sees of the catalogue: every offering's fields and tiers, every procedure's details. */
async function catalogue() {
  const offerings = await db.kysely
    .selectFrom('offering')
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .select(['procedure.code', 'agency.name as agency', 'local_code', 'tiers', 'level', 'portal_integrated', 'status', 'import_id'])
    .orderBy('procedure.code')
    .orderBy('agency.name')
    .execute();
  const tiers = await db.kysely.selectFrom('offering_tier').select(['offering_id', 'tier']).orderBy('offering_id').orderBy('tier').execute();
  const procedures = await db.kysely
    .selectFrom('procedure')
    .select(['code', 'name', 'field_id', 'applicants', 'processing_time', 'fees', 'decision', 'search_text'])
    .orderBy('code')
    .execute();
  return { offerings, tiers, procedures };
}

async function searchFinds(words: string): Promise<string[]> {
  if (testingOnPostgres) {
    // PostgreSQL has no FTS5 table: the folded search text the in-memory index reads must hold every word.
    let query = db.kysely.selectFrom('procedure').select('code').orderBy('code');
    for (const word of words.split(' ')) query = query.where('search_text', 'like', `%${word}%`);
    return (await query.execute()).map((r) => r.code);
  }
  const { rows } = await sql<{ code: string }>`
    select procedure.code from procedure_fts join procedure on procedure.id = procedure_fts.rowid
    where procedure_fts match ${words} order by procedure.code`.execute(db.kysely);
  return rows.map((r) => r.code);
}

describe('undoing an import', () => {
  it('puts back local codes, tiers, procedure names and details, not only levels', async () => {
    const first = await run(FIRST, '2020-06-30');
    const before = await catalogue();
    const second = await run(
      [
        HEADER,
        // Only the tiers change (no history row), and the procedure's fees and time.
        ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh, Cấp xã', '50.000 đồng', '02 ngày'],
        // Another local code.
        ['1.001612.000.00.00.H49', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '3', 'Hộ tịch', 'Cấp huyện', '', ''],
        // A new name, other tiers and another level at once.
        ['1.004194', 'Khai báo tạm trú', 'Công an tỉnh Quảng Ngãi', '3', 'Đăng ký, quản lý cư trú', 'Cấp xã', '', ''],
        // A new offering.
        ['2.000908', 'Cấp giấy phép xây dựng', 'UBND huyện Bình Sơn', '2', 'Hoạt động xây dựng', 'Cấp huyện', '', ''],
      ],
      '2020-09-30',
    );
    expect(await catalogue()).not.toEqual(before);
    expect(await searchFinds('khai bao')).toEqual(['1.004194']);

    expect(await undoImport(db, second, '2020-10-01T00:00:00Z')).toEqual({ ok: true, restored: 3, procedures: 2, removed: 1 });
    const after = await catalogue();
    // The offering whose level the history put back keeps the import of its last standing change.
    expect(after).toEqual(before);
    expect(after.offerings.every((o) => o.import_id === first)).toBe(true);
    expect(await searchFinds('khai bao')).toEqual([]);
    expect(await searchFinds('dang ky tam tru')).toEqual(['1.004194']);
    // Only the tiers changed: the offering's last change is the first import's again, as if untouched.
    const birth = await db.kysely
      .selectFrom('offering')
      .innerJoin('agency', 'agency.id', 'offering.agency_id')
      .select(['effective_date'])
      .where('agency.name', '=', 'Sở Tư pháp')
      .executeTakeFirstOrThrow();
    expect(birth.effective_date).toBe('2020-06-30');
  });

  it('keeps the first state of a procedure that several rows of the import changed', async () => {
    await run(FIRST, '2020-06-30');
    const before = await catalogue();
    const second = await run(
      [
        HEADER,
        ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', '10.000 đồng', ''],
        ['1.001612', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '3', 'Hộ tịch', 'Cấp huyện', '20.000 đồng', ''],
        // Rows that disagree settle on the value most of them give (issue #19): two say 20.000 đồng.
        ['1.001612', 'Đăng ký khai sinh', 'UBND huyện Sơn Tịnh', '3', 'Hộ tịch', 'Cấp huyện', '20.000 đồng', ''],
      ],
      '2020-09-30',
    );
    expect((await catalogue()).procedures.find((p) => p.code === '1.001612')?.fees).toBe('20.000 đồng');
    expect(await undoImport(db, second, '2020-10-01T00:00:00Z')).toMatchObject({ ok: true, procedures: 1 });
    expect(await catalogue()).toEqual(before);
  });

  it('is refused while a later import changed the same tiers, and works once that one is undone', async () => {
    await run(FIRST, '2020-06-30');
    const before = await catalogue();
    const row = (tiers: string) => [HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', tiers, '', '']];
    const second = await run(row('Cấp tỉnh, Cấp xã'), '2020-09-30');
    const third = await run(row('Cấp xã'), '2020-12-31');
    expect(await undoImport(db, second, '2021-01-01T00:00:00Z')).toEqual({
      ok: false,
      reason: 'conflict',
      blocking: [{ code: '1.001612', agency: 'Sở Tư pháp', laterImportId: third }],
    });
    expect(await undoImport(db, third, '2021-01-01T00:00:00Z')).toMatchObject({ ok: true, restored: 1 });
    expect(await undoImport(db, second, '2021-01-02T00:00:00Z')).toMatchObject({ ok: true, restored: 1 });
    expect(await catalogue()).toEqual(before);
  });

  it('is refused when a later import changed the level of an offering whose tiers it changed', async () => {
    await run(FIRST, '2020-06-30');
    const second = await run([HEADER, ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '2', 'Hoạt động xây dựng', 'Cấp huyện', '', '']], '2020-09-30');
    const third = await run([HEADER, ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3', 'Hoạt động xây dựng', 'Cấp huyện', '', '']], '2020-12-31');
    expect(await undoImport(db, second, '2021-01-01T00:00:00Z')).toMatchObject({
      ok: false,
      blocking: [{ code: '2.000908', agency: 'Sở Xây dựng', laterImportId: third }],
    });
  });

  it('is refused when a later import changed the same procedure details, naming the procedure', async () => {
    await run(FIRST, '2020-06-30');
    const fees = (text: string) => [HEADER, ['1.004194', 'Đăng ký tạm trú', 'Công an tỉnh Quảng Ngãi', '4', 'Đăng ký, quản lý cư trú', 'Cấp tỉnh, Cấp xã', text, '']];
    const second = await run(fees('10.000 đồng'), '2020-09-30');
    const third = await run(fees('15.000 đồng'), '2020-12-31');
    const before = await catalogue();
    expect(await undoImport(db, second, '2021-01-01T00:00:00Z')).toEqual({
      ok: false,
      reason: 'conflict',
      blocking: [{ code: '1.004194', agency: '', laterImportId: third }],
    });
    expect(await catalogue()).toEqual(before);
  });
});

it('migration 08 rolls back and forward on a catalogue that has before-images', async () => {
  await run(FIRST, '2020-06-30');
  await run([HEADER, ['2.000908', 'Cấp giấy phép', 'Sở Xây dựng', '3', '', '', '', '']], '2020-09-30');
  const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
  const tables = async () =>
    (await db.kysely.introspection.getTables())
      .map((t) => t.name)
      .filter((name) => name.endsWith('_before'))
      .sort();
  expect(await tables()).toEqual(['offering_before', 'procedure_before']);
  expect((await migrator.migrateTo('2026-11-22-07-offering-write-cost')).error).toBeUndefined();
  expect(await tables()).toEqual([]);
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  expect(await tables()).toEqual(['offering_before', 'procedure_before']);
});
