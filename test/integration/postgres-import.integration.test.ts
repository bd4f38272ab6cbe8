/**
 * Imports on PostgreSQL mean what they mean on SQLite: the same files, imported into both backends one after
 * the other (new catalogue, changes, withdrawals, a restored offering, details stated on one row, several
 * agencies in one cell, a withdrawal of what a file no longer lists, a refused file, a dry run, an undo),
 * leave the same rows in every table and give the same reports.
 */
import type { Kysely } from 'kysely';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { undoImport } from '../../db/undo-import';
import { importFile, type ImportOptions, type ImportReport } from '../../imports/run-import';
import { csv, fixedClock, openTestDb, writeCsv } from '../helpers';
import { describePostgres, freshPostgresDatabase } from '../postgres';

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG', 'Tình trạng', 'Đối tượng thực hiện', 'Phí, lệ phí', 'Số quyết định công bố', 'QĐ 411', 'Đủ điều kiện'];

const FILES: { rows: string[][]; options: ImportOptions; date: string }[] = [
  {
    date: '2026-01-15',
    options: {},
    rows: [
      ['1.001612', 'Đăng ký khai sinh', 'UBND xã An Phú\nUBND xã Bình Minh', 'Mức độ 3', 'Hộ tịch', 'Cấp xã', 'Có', 'Còn hiệu lực', 'Công dân Việt Nam', 'Miễn phí', '1234/QĐ-BTP', 'Có', ''],
      ['1.001612.000.00.00.H48', 'Đăng ký khai sinh', 'UBND xã Cát Tiên', 'Mức độ 4', 'Hộ tịch', 'Cấp xã', 'Không', 'Còn hiệu lực', '', '', '', '', ''],
      ['2.000001', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', 'Mức độ 2', 'Xây dựng', 'Cấp tỉnh', 'Không', 'Còn hiệu lực', 'Tổ chức, cá nhân', '150.000 đồng', '', 'Không', ''],
      ['1.000105', 'Cấp phiếu lý lịch tư pháp', 'Sở Tư pháp', 'Toàn trình', 'Lý lịch tư pháp', 'Cấp tỉnh', 'Có', 'Còn hiệu lực', '', '200.000 đồng', '', 'Có', 'Không'],
      ['1.000106', 'Cấp phiếu lý lịch tư pháp số 2', 'Sở Tư pháp', 'Một phần', 'Lý lịch tư pháp', 'Tỉnh/Huyện', '', 'Còn hiệu lực', '', '', '', '', ''],
    ],
  },
  {
    date: '2026-04-02',
    options: { withdrawMissing: true },
    rows: [
      ['1.001612', 'Đăng ký khai sinh', 'UBND xã An Phú', 'Mức độ 4', 'Hộ tịch', 'Cấp xã', 'Có', 'Còn hiệu lực', '', '', '5678/QĐ-BTP', 'Có', ''],
      ['1.001612', 'Đăng ký khai sinh (sửa đổi)', 'UBND xã Bình Minh', 'Mức độ 3', 'Hộ tịch', 'Cấp xã', 'Có', 'Bãi bỏ', '', '', '', 'Có', ''],
      ['2.000001', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', 'Mức độ 4', 'Xây dựng', 'Cấp tỉnh, Cấp huyện', 'Có', 'Còn hiệu lực', '', '', '', 'Không', ''],
      ['1.000105', 'Cấp phiếu lý lịch tư pháp', 'Sở Tư pháp', 'Toàn trình', 'Tư pháp', 'Cấp tỉnh', 'Có', 'Còn hiệu lực', '', '200.000 đồng', '', 'Có', 'Có'],
      ['3.000777', 'Đăng ký kết hôn', 'UBND xã An Phú;UBND phường Mới', 'Mức độ 2', 'Hộ tịch', '', 'Không', 'Còn hiệu lực', '', '', '', '', ''],
    ],
  },
  {
    date: '2026-07-20',
    options: {},
    rows: [
      ['1.001612', 'Đăng ký khai sinh', 'UBND xã Bình Minh', 'Mức độ 4', 'Hộ tịch', 'Cấp xã', 'Có', 'Còn hiệu lực', 'Công dân', '', '', 'Có', ''],
      ['1.000106', 'Cấp phiếu lý lịch tư pháp số 2', 'Sở Tư pháp', 'Mức độ 4', 'Lý lịch tư pháp', 'Cấp tỉnh', 'Có', 'Còn hiệu lực', '', '', '', '', ''],
      ['4.000001', 'Thủ tục mới', 'Sở Y tế', 'Mức độ 1', 'Y tế', 'Cấp tỉnh', 'Không', 'Còn hiệu lực', '', '', '', '', ''],
    ],
  },
];

/** Every table's rows, with history ids left out (both stores write a batch's history in their own order). */
async function contents(db: Kysely<any>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const ordered = async (table: string, keys: string[], omit: string[] = []) => {
    let q = db.selectFrom(table).selectAll();
    for (const k of keys) q = q.orderBy(k);
    const rows = (await q.execute()) as Record<string, unknown>[];
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !omit.includes(k))));
  };
  await ordered('agency', ['id']);
  await ordered('field', ['id']);
  await ordered('procedure', ['id']);
  await ordered('offering', ['id']);
  await ordered('offering_tier', ['offering_id', 'tier']);
  await ordered('offering_history', ['offering_id', 'effective_date', 'change', 'recorded_at'], ['id']);
  await ordered('offering_before', ['import_id', 'offering_id']);
  await ordered('procedure_before', ['import_id', 'procedure_id']);
  await ordered('import_run', ['id'], ['duration_ms']);
  await ordered('catalogue_state', ['id']);
  return out;
}

/** A report as both backends must give it (durations aside). */
const comparable = (r: ImportReport) => ({ ...r, durationMs: 0, inspection: { ...r.inspection } });

describePostgres('imports on PostgreSQL', () => {
  let sqlite: CatalogueDb;
  let pg: CatalogueDb;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    sqlite = await openTestDb();
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    pg = openDatabase(fresh.url);
    await migrateToLatest(pg.kysely);
  });
  afterAll(async () => {
    await pg?.close();
    await sqlite?.close();
    await drop?.();
  });

  it('leave every table as SQLite does, file after file, with the same reports and changes', async () => {
    for (const [n, file] of FILES.entries()) {
      const path = writeCsv(csv([HEAD, ...file.rows]));
      const clock = fixedClock(`${file.date}T03:00:00.000Z`);
      const changes: { sqlite: unknown[]; pg: unknown[] } = { sqlite: [], pg: [] };
      const onSqlite = await importFile(sqlite, path, { ...file.options, asOf: file.date, onChange: (c) => changes.sqlite.push(c) }, clock);
      const onPg = await importFile(pg, path, { ...file.options, asOf: file.date, onChange: (c) => changes.pg.push(c) }, clock);
      expect(onSqlite.status).toBe('imported');
      expect(comparable(onPg)).toEqual(comparable(onSqlite));
      expect(changes.pg).toEqual(changes.sqlite);
      expect({ file: n, ...(await contents(pg.kysely)) }).toEqual({ file: n, ...(await contents(sqlite.kysely)) });
    }
    const history = await pg.kysely.selectFrom('offering_history').select('change').execute();
    expect(new Set(history.map((h) => h.change))).toEqual(new Set(['created', 'updated', 'withdrawn', 'restored']));
  });

  it('write nothing for a refused file or a dry run', async () => {
    const before = await contents(pg.kysely);
    const refused = writeCsv(csv([HEAD, FILES[0]!.rows[0]!, ['1.009999', 'Thủ tục lỗi', 'Sở Y tế', 'Mức độ 9', '', '', '', '', '', '', '', '', '']]));
    const report = await importFile(pg, refused, { asOf: '2026-08-01' }, fixedClock('2026-08-01T03:00:00Z'));
    expect(report.status).toBe('refused');
    expect(report.errors[0]).toMatchObject({ line: 3, column: 'Mức độ' });
    const dry = await importFile(pg, writeCsv(csv([HEAD, ...FILES[0]!.rows])), { asOf: '2026-08-01', dryRun: true }, fixedClock('2026-08-01T03:00:00Z'));
    expect(dry.status).toBe('dry-run');
    expect(dry.counts.updated).toBeGreaterThan(0);
    expect(await contents(pg.kysely)).toEqual(before);
  });

  it('undo an import as SQLite does', async () => {
    const last = await pg.kysely.selectFrom('import_run').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const onSqlite = await undoImport(sqlite, last.id, '2026-09-01T00:00:00.000Z');
    const onPg = await undoImport(pg, last.id, '2026-09-01T00:00:00.000Z');
    expect(onSqlite).toMatchObject({ ok: true });
    expect(onPg).toEqual(onSqlite);
    expect(await contents(pg.kysely)).toEqual(await contents(sqlite.kysely));
  });
});
