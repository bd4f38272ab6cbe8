/**
 * One procedure, one set of details per file: when rows of one code disagree about the procedure's name,
 * field or details, the value most rows give is kept (a tie goes to the first), whatever the order of the
 * rows; the disagreement is a warning that names both lines; undo gives back exactly what was there.
 */
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, openTestDb, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const HEADER = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Số quyết định công bố'];
const row = (agency: string, decision: string, field = 'Hộ tịch', name = 'Đăng ký khai sinh') => ['1.001612', name, agency, '4', field, decision];

async function procedure() {
  return db.kysely
    .selectFrom('procedure')
    .leftJoin('field', 'field.id', 'procedure.field_id')
    .select(['procedure.name', 'procedure.decision', 'field.name as field'])
    .where('code', '=', '1.001612')
    .executeTakeFirstOrThrow();
}

async function load(rows: string[][], options: { dryRun?: boolean } = {}) {
  return importFile(db, writeCsv(csv([HEADER, ...rows])), { asOf: '2026-11-01', ...options }, clock);
}

describe('rows of one code that disagree about the procedure', () => {
  it('keeps the decision most rows give, whichever row comes first or last', async () => {
    const rows = [row('Sở Tư pháp', '100/QĐ-UBND'), row('UBND xã A', '200/QĐ-UBND'), row('UBND xã B', '200/QĐ-UBND')];
    const forward = await load(rows);
    expect(forward.status).toBe('imported');
    expect((await procedure()).decision).toBe('200/QĐ-UBND');

    await db.close();
    db = await openTestDb();
    await load([...rows].reverse());
    expect((await procedure()).decision).toBe('200/QĐ-UBND');
  });

  it('warns once for the value left aside, on its line, naming the kept value, its line and the column', async () => {
    const report = await load([row('Sở Tư pháp', '100/QĐ-UBND'), row('UBND xã A', '200/QĐ-UBND'), row('UBND xã B', '200/QĐ-UBND')]);
    const differ = report.warnings.filter((w) => w.code === 'procedure.details-differ');
    expect(differ).toHaveLength(1);
    expect(differ[0]).toMatchObject({ line: 2, column: 'Số quyết định công bố', value: '100/QĐ-UBND' });
    expect(differ[0]!.params).toMatchObject({ code: '1.001612', kept: '200/QĐ-UBND', keptLine: 3, keptRows: 2, otherRows: 1, tie: false });
    expect(differ[0]!.message).toContain('dòng 3');
    expect(differ[0]!.message).toContain('Giữ "200/QĐ-UBND"');
  });

  it('on a tie keeps the value seen first, for the name and the field as well', async () => {
    await load([row('Sở Tư pháp', '1/QĐ', 'Hộ tịch', 'Tên một'), row('UBND xã A', '2/QĐ', 'Tư pháp', 'Tên hai')]);
    expect(await procedure()).toEqual({ name: 'Tên một', decision: '1/QĐ', field: 'Hộ tịch' });
  });

  it('counts only what really changes an existing procedure, and undo gives back exactly what was there', async () => {
    await load([row('Sở Tư pháp', '100/QĐ-UBND')]);
    const before = await dumpCatalogue(db);

    // The first row differs but most rows say what is stored: nothing of the procedure changes.
    const same = await load([row('Sở Tư pháp', '999/QĐ-UBND'), row('UBND xã A', '100/QĐ-UBND'), row('UBND xã B', '100/QĐ-UBND')]);
    expect(same.proceduresChanged).toBe(0);
    expect((await procedure()).decision).toBe('100/QĐ-UBND');
    const undoneSame = await undoImport(db, same.importId!, '2026-11-22T04:00:00.000Z');
    expect(undoneSame).toMatchObject({ ok: true, procedures: 0, removed: 2 });

    // Most rows give a new decision: one procedure changes, and undo puts it back.
    const other = await load([row('Sở Tư pháp', '100/QĐ-UBND'), row('UBND xã A', '300/QĐ-UBND'), row('UBND xã B', '300/QĐ-UBND')]);
    expect(other.proceduresChanged).toBe(1);
    expect((await procedure()).decision).toBe('300/QĐ-UBND');
    const undone = await undoImport(db, other.importId!, '2026-11-22T05:00:00.000Z');
    expect(undone).toMatchObject({ ok: true, procedures: 1, removed: 2 });
    // Everything but the time of the last change (undo is a change too).
    const details = (rows: unknown[]) => rows.map((p) => ({ ...(p as object), updated_at: undefined }));
    expect(details((await dumpCatalogue(db)).procedure!)).toEqual(details(before.procedure!));
  });

  it('a preview counts the same procedure changes the import then makes', async () => {
    await load([row('Sở Tư pháp', '100/QĐ-UBND')]);
    const rows = [row('Sở Tư pháp', '300/QĐ-UBND'), row('UBND xã A', '300/QĐ-UBND')];
    const preview = await load(rows, { dryRun: true });
    expect(preview.status).toBe('dry-run');
    expect(preview.proceduresChanged).toBe(1);
    expect((await procedure()).decision).toBe('100/QĐ-UBND');
    expect((await load(rows)).proceduresChanged).toBe(1);
  });
});
