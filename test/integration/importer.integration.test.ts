import fs from 'node:fs';
import { catalogueVersion } from '../../db/catalogue-repository';
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, HEADER, openTestDb, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;

beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const base = [
  HEADER,
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'Còn hiệu lực'],
  ['1.001612', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', 'Mức độ 3', 'Hộ tịch', 'Cấp huyện', 'Không', ''],
  ['1.004194', 'Đăng ký tạm trú', 'Công an tỉnh Quảng Ngãi', 'Toàn trình', 'Đăng ký, quản lý cư trú', 'Cấp tỉnh, Cấp xã', 'x', ''],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '2', 'Hoạt động xây dựng', 'Cấp tỉnh', '', 'Còn hiệu lực'],
];

async function offerings() {
  return db.kysely
    .selectFrom('offering')
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .select(['procedure.code', 'agency.name as agency', 'offering.level', 'offering.portal_integrated', 'offering.status', 'offering.tiers'])
    .orderBy('procedure.code')
    .orderBy('agency.name')
    .execute();
}

describe('importing a valid file', () => {
  it('stores every offering with its level, tiers, integration and status', async () => {
    const report = await importFile(db, writeCsv(csv(base)), { asOf: '2020-06-30' }, clock);
    expect(report.status).toBe('imported');
    expect(report.counts).toEqual({ rowsRead: 4, inserted: 4, updated: 0, unchanged: 0, withdrawn: 0, rejected: 0 });
    expect(await offerings()).toEqual([
      { code: '1.001612', agency: 'Sở Tư pháp', level: 4, portal_integrated: 1, status: 'current', tiers: 'province' },
      { code: '1.001612', agency: 'UBND huyện Bình Sơn', level: 3, portal_integrated: 0, status: 'current', tiers: 'district' },
      { code: '1.004194', agency: 'Công an tỉnh Quảng Ngãi', level: 4, portal_integrated: 1, status: 'current', tiers: 'province,commune' },
      { code: '2.000908', agency: 'Sở Xây dựng', level: 2, portal_integrated: 0, status: 'current', tiers: 'province' },
    ]);
    const procedures = await db.kysely.selectFrom('procedure').select(['code', 'search_text']).orderBy('code').execute();
    expect(procedures.map((p) => p.code)).toEqual(['1.001612', '1.004194', '2.000908']);
    expect(procedures[0].search_text).toContain('dang ky khai sinh');
  });

  it('records the import: file, hash, size, encoding, delimiter, counts, effective date, who and when', async () => {
    const file = writeCsv(csv(base, ';'), 'utf-8-bom');
    const report = await importFile(db, file, { asOf: '2020-06-30', runBy: 'clerk1' }, clock);
    const run = await db.kysely.selectFrom('import_run').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      id: report.importId,
      sha256: report.inspection.sha256,
      size_bytes: fs.statSync(file).size,
      encoding: 'utf-8-bom',
      delimiter: ';',
      rows_read: 4,
      inserted: 4,
      effective_date: '2020-06-30',
      run_by: 'clerk1',
      started_at: '2026-11-22T03:00:00.000Z',
      status: 'committed',
    });
    expect(run.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes a history row per new offering, dated by --as-of and pointing at the import', async () => {
    const report = await importFile(db, writeCsv(csv(base)), { asOf: '2020-06-30' }, clock);
    const history = await db.kysely.selectFrom('offering_history').selectAll().execute();
    expect(history).toHaveLength(4);
    expect(new Set(history.map((h) => h.change))).toEqual(new Set(['created']));
    expect(new Set(history.map((h) => h.effective_date))).toEqual(new Set(['2020-06-30']));
    expect(new Set(history.map((h) => h.import_id))).toEqual(new Set([report.importId]));
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = writeCsv(csv(base));
    await importFile(db, file, { asOf: '2020-06-30' }, clock);
    const before = await dumpCatalogue(db);
    const again = await importFile(db, file, { asOf: '2020-09-30' }, clock);
    expect(again.status).toBe('imported');
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, withdrawn: 0 });
    const after = await dumpCatalogue(db);
    // Only the import log grows; the catalogue and its history are untouched.
    expect({ ...after, import_run: [] }).toEqual({ ...before, import_run: [] });
    expect(after.import_run).toHaveLength(2);
  });

  it('records a change of level or integration in the history, with the date it took effect', async () => {
    await importFile(db, writeCsv(csv(base)), { asOf: '2020-06-30' }, clock);
    const changed = base.map((row) => [...row]);
    changed[2][3] = 'Mức độ 4'; // Bình Sơn reaches level 4
    changed[4][6] = 'Có'; // Sở Xây dựng integrated on the portal
    const report = await importFile(db, writeCsv(csv(changed)), { asOf: '2020-09-30' }, clock);
    expect(report.counts).toMatchObject({ inserted: 0, updated: 2, unchanged: 2 });

    const history = await db.kysely
      .selectFrom('offering_history')
      .innerJoin('offering', 'offering.id', 'offering_history.offering_id')
      .innerJoin('agency', 'agency.id', 'offering.agency_id')
      .select(['agency.name', 'offering_history.change', 'offering_history.level', 'offering_history.portal_integrated', 'offering_history.effective_date'])
      .where('offering_history.effective_date', '=', '2020-09-30')
      .orderBy('agency.name')
      .execute();
    expect(history).toEqual([
      { name: 'Sở Xây dựng', change: 'updated', level: 2, portal_integrated: 1, effective_date: '2020-09-30' },
      { name: 'UBND huyện Bình Sơn', change: 'updated', level: 4, portal_integrated: 0, effective_date: '2020-09-30' },
    ]);
  });

  it('updates existing pairs and inserts new ones when a later file mixes them with new agencies and procedures', async () => {
    await importFile(db, writeCsv(csv(base)), { asOf: '2020-06-30' }, clock);
    const later = [
      ...base,
      ['1.001612', 'Đăng ký khai sinh', 'UBND xã Bình Châu', 'Mức độ 2', 'Hộ tịch', 'Cấp xã', '', ''], // known procedure, new agency
      ['1.000893', 'Đăng ký kết hôn lưu động', 'Sở Tư pháp', 'Mức độ 3', 'Hộ tịch', 'Cấp tỉnh', '', ''], // new procedure, known agency
      ['1.000894', 'Đăng ký khai tử lưu động', 'UBND xã Bình Châu', '1', 'Hộ tịch', 'Cấp xã', '', ''], // both new
    ];
    later[1] = [...later[1]];
    later[1][3] = 'Mức độ 3'; // a known pair changes
    const report = await importFile(db, writeCsv(csv(later)), { asOf: '2020-09-30' }, clock);
    expect(report.counts).toMatchObject({ rowsRead: 7, inserted: 3, updated: 1, unchanged: 3 });
    expect(await db.kysely.selectFrom('offering').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 7 });

    const again = await importFile(db, writeCsv(csv(later)), { asOf: '2020-12-31' }, clock);
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 7 });
  });

  it('keeps stored values for columns the file does not have', async () => {
    await importFile(db, writeCsv(csv(base)), {}, clock);
    const slim = [
      ['Mã TTHC', 'Tên TTHC', 'Cơ quan', 'Mức độ DVCTT'],
      ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4'],
    ];
    const report = await importFile(db, writeCsv(csv(slim)), {}, clock);
    expect(report.counts).toMatchObject({ unchanged: 1 });
    const row = (await offerings()).find((o) => o.agency === 'Sở Tư pháp');
    expect(row).toMatchObject({ portal_integrated: 1, tiers: 'province' });
  });

  it('leaves flags null for a new offering when the file has no such column', async () => {
    const slim = [
      ['Mã TTHC', 'Tên TTHC', 'Cơ quan', 'Mức độ DVCTT'],
      ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4'],
    ];
    await importFile(db, writeCsv(csv(slim)), {}, clock);
    const row = await db.kysely.selectFrom('offering').select(['portal_integrated', 'qd411', 'eligible']).executeTakeFirstOrThrow();
    expect(row).toEqual({ portal_integrated: null, qd411: null, eligible: null });
  });

  it('treats a localized code as the national procedure carried by that agency', async () => {
    const rows = [HEADER, ['1.001612.000.00.53.H48', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '3', 'Hộ tịch', '', '', '']];
    await importFile(db, writeCsv(csv(rows)), {}, clock);
    await importFile(db, writeCsv(csv(base)), {}, clock);
    const procedures = await db.kysely.selectFrom('procedure').select('code').execute();
    expect(procedures.filter((p) => p.code === '1.001612')).toHaveLength(1);
    const offering = await db.kysely.selectFrom('offering').select(['local_code']).where('local_code', 'is not', null).executeTakeFirstOrThrow();
    expect(offering.local_code).toBe('1.001612.000.00.53.H48');
    const agency = await db.kysely.selectFrom('agency').select(['code']).where('name', '=', 'UBND huyện Bình Sơn').executeTakeFirstOrThrow();
    expect(agency.code).toBe('000.00.53.H48');
  });
});

describe('encodings and layouts', () => {
  it('matches agencies and fields across a Windows-1258 file and a UTF-8 file', async () => {
    const rows = [HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '']];
    const legacy = writeCsv(csv(rows, ';'), 'windows-1258');
    const report = await importFile(db, legacy, {}, clock);
    expect(report.inspection.encoding).toBe('windows-1258');
    expect(report.status).toBe('imported');

    await importFile(db, writeCsv(csv(base)), {}, clock);
    const agencies = await db.kysely.selectFrom('agency').select('name').where('name_key', '=', 'sở tư pháp').execute();
    expect(agencies).toEqual([{ name: 'Sở Tư pháp' }]);
    const fields = await db.kysely.selectFrom('field').select('name').where('name_key', '=', 'hộ tịch').execute();
    expect(fields).toEqual([{ name: 'Hộ tịch' }]);
    expect(await db.kysely.selectFrom('offering').select('id').execute()).toHaveLength(4);
  });

  it.each(['utf-16le', 'utf-16be'] as const)('reads an Excel "Unicode text" file (%s, tab-separated)', async (encoding) => {
    const report = await importFile(db, writeCsv(csv(base, '\t'), encoding), {}, clock);
    expect(report.inspection).toMatchObject({ encoding, delimiter: '\t' });
    expect(report.counts.inserted).toBe(4);
    expect((await offerings()).map((o) => o.agency)).toContain('Công an tỉnh Quảng Ngãi');
  });

  it('reads LF line endings and quoted cells holding delimiters, quotes and newlines', async () => {
    const rows = [HEADER, ['1.001612', 'Đăng ký khai sinh, "có yếu tố nước ngoài"\nvà kết hôn', 'Sở Tư pháp', '4', '', '', '', '']];
    const report = await importFile(db, writeCsv(csv(rows, ',', '\n')), {}, clock);
    expect(report.status).toBe('imported');
    const procedure = await db.kysely.selectFrom('procedure').select('name').executeTakeFirstOrThrow();
    // Inner whitespace (the newline) is collapsed; the quotes and the comma are kept.
    expect(procedure.name).toBe('Đăng ký khai sinh, "có yếu tố nước ngoài" và kết hôn');
  });

  it('normalises names: NFC, trimmed, whitespace collapsed, agencies matched case-insensitively', async () => {
    const rows = [
      HEADER,
      ['1.001612', 'Đăng ký khai sinh', '  SỞ TƯ   PHÁP '.normalize('NFD'), '4', '', '', '', ''],
      ['1.004194', 'Đăng ký tạm trú', 'Sở Tư pháp', '3', '', '', '', ''],
    ];
    await importFile(db, writeCsv(csv(rows)), {}, clock);
    const agencies = await db.kysely.selectFrom('agency').select(['name', 'slug']).execute();
    expect(agencies).toEqual([{ name: 'SỞ TƯ PHÁP', slug: 'so-tu-phap' }]);
  });
});

describe('refusing a bad file', () => {
  async function expectUntouched(file: string, options = {}) {
    await importFile(db, writeCsv(csv(base)), { asOf: '2020-06-30' }, clock);
    const before = await dumpCatalogue(db);
    const report = await importFile(db, file, options, clock);
    expect(report.status).toBe('refused');
    expect(await dumpCatalogue(db)).toEqual(before);
    return report;
  }

  it('names the line, column, value and reason of each bad row and writes nothing', async () => {
    const rows = [
      HEADER,
      ['1.009999', 'Thủ tục mới', 'Sở Tư pháp', 'Mức độ 4', '', '', '', ''],
      ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 5', '', '', '', ''],
      ['', 'Không có mã', 'Sở Tư pháp', '4', '', '', '', ''],
      ['1.004194', 'Đăng ký tạm trú', 'Sở Tư pháp', '4', '', '', 'có lẽ', ''],
    ];
    const report = await expectUntouched(writeCsv(csv(rows)));
    expect(report.errorCount).toBe(3);
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 3, column: 'Mức độ', value: 'Mức độ 5', message: expect.stringContaining('Không hiểu mức độ') }),
      expect.objectContaining({ line: 4, column: 'Mã thủ tục', value: '', message: expect.stringContaining('Thiếu mã thủ tục') }),
      expect.objectContaining({ line: 5, column: 'Tích hợp Cổng DVCQG', value: 'có lẽ' }),
    ]);
  });

  it('names both lines of a code and agency listed twice', async () => {
    const rows = [
      HEADER,
      ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', '', '', '', ''],
      ['1.004194', 'Đăng ký tạm trú', 'Sở Tư pháp', '4', '', '', '', ''],
      ['1.001612', 'Đăng ký khai sinh', 'sở tư pháp', '3', '', '', '', ''],
    ];
    const report = await expectUntouched(writeCsv(csv(rows)));
    expect(report.errors).toEqual([expect.objectContaining({ line: 4, column: 'Mã thủ tục', message: expect.stringContaining('dòng 2') })]);
  });

  it('reports a row with more or fewer cells than the header', async () => {
    const text = `${HEADER.join(',')}\r\n1.001612,Đăng ký khai sinh,Sở Tư pháp,4\r\n1.004194,Đăng ký tạm trú,Sở Tư pháp,4,,,,,extra\r\n`;
    const report = await expectUntouched(writeCsv(text));
    expect(report.errors.map((e) => [e.line, e.message])).toEqual([
      [2, expect.stringContaining('có 4 ô nhưng dòng tiêu đề có 8 cột')],
      [3, expect.stringContaining('có 9 ô nhưng dòng tiêu đề có 8 cột')],
    ]);
  });

  it('reports the row as Excel numbers it after a cell that spans several lines, and the text line beside it', async () => {
    const rows = [
      HEADER,
      ['1.001612', 'Tên\ncó\nba dòng', 'Sở Tư pháp', '4', '', '', '', ''],
      ['1.004194', 'Đăng ký tạm trú', 'Sở Tư pháp', 'năm', '', '', '', ''],
    ];
    const report = await expectUntouched(writeCsv(csv(rows)));
    expect(report.errors[0]).toMatchObject({ line: 3, textLine: 5, column: 'Mức độ' });
  });

  it('refuses a value over a sane length', async () => {
    const rows = [HEADER, ['1.001612', 'Đ'.repeat(1001), 'Sở Tư pháp', '4', '', '', '', '']];
    const report = await expectUntouched(writeCsv(csv(rows)));
    expect(report.errors[0]).toMatchObject({ line: 2, column: 'Tên thủ tục', message: expect.stringContaining('1001 ký tự') });
    expect(report.errors[0].value.length).toBeLessThan(200);
  });

  it('refuses a file missing a required column, naming it and the headers found', async () => {
    const rows = [['Mã thủ tục', 'Tên thủ tục', 'Đơn vị'], ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp']];
    const report = await expectUntouched(writeCsv(csv(rows)));
    expect(report.fileError?.message).toContain('"Cơ quan thực hiện"');
    expect(report.fileError?.message).toContain('"Mức độ"');
    expect(report.fileError?.message).toContain('"Đơn vị"');
  });

  it('refuses a file with an unclosed quote, naming the line it opens on', async () => {
    const text = `${HEADER.join(',')}\r\n1.001612,Đăng ký khai sinh,Sở Tư pháp,4,,,,\r\n1.004194,"Đăng ký tạm trú,Sở Tư pháp,4,,,,\r\n`;
    const report = await expectUntouched(writeCsv(text));
    expect(report.fileError).toEqual(expect.objectContaining({ line: 3, message: expect.stringContaining('ngoặc kép') }));
  });

  it('refuses empty and header-only files', async () => {
    expect((await expectUntouched(writeCsv(''))).fileError?.message).toContain('Tệp rỗng');
    expect((await importFile(db, writeCsv(csv([HEADER])), {}, clock)).fileError?.message).toContain('chỉ có dòng tiêu đề');
  });

  it('does not write on a dry run but reports what would change', async () => {
    const changed = base.map((row) => [...row]);
    changed[2][3] = '4';
    changed.push(['1.000001', 'Thủ tục mới', 'Sở Tư pháp', '2', '', '', '', '']);
    await importFile(db, writeCsv(csv(base)), {}, clock);
    const before = await dumpCatalogue(db);
    const report = await importFile(db, writeCsv(csv(changed)), { dryRun: true }, clock);
    expect(report.status).toBe('dry-run');
    expect(report.counts).toMatchObject({ inserted: 1, updated: 1, unchanged: 3 });
    expect(await dumpCatalogue(db)).toEqual(before);
  });
});

describe('--skip-invalid', () => {
  it('imports the valid rows and reports the rejected ones', async () => {
    const rows = [...base, ['1.000002', 'Thủ tục lỗi', 'Sở Tư pháp', 'cao', '', '', '', '']];
    const report = await importFile(db, writeCsv(csv(rows)), { skipInvalid: true }, clock);
    expect(report.status).toBe('imported');
    expect(report.counts).toMatchObject({ rowsRead: 5, inserted: 4, rejected: 1 });
    expect(report.errors).toEqual([expect.objectContaining({ line: 6, column: 'Mức độ', value: 'cao' })]);
    const run = await db.kysely.selectFrom('import_run').select(['rejected', 'inserted']).executeTakeFirstOrThrow();
    expect(run).toEqual({ rejected: 1, inserted: 4 });
  });

  it('still refuses a file in which no row is valid', async () => {
    const rows = [HEADER, ['1.000002', 'Thủ tục lỗi', 'Sở Tư pháp', 'cao', '', '', '', '']];
    const report = await importFile(db, writeCsv(csv(rows)), { skipInvalid: true }, clock);
    expect(report.status).toBe('refused');
    expect(await db.kysely.selectFrom('offering').selectAll().execute()).toEqual([]);
  });
});

describe('withdrawn procedures', () => {
  it('--withdraw-missing withdraws (never deletes) what the file no longer lists, for the agencies in the file only', async () => {
    await importFile(db, writeCsv(csv(base)), { asOf: '2020-06-30' }, clock);
    // The new list from Sở Tư pháp alone drops nothing of its own, and Bình Sơn's list drops its only procedure.
    const next = [HEADER, base[1], ['1.000003', 'Thủ tục khác', 'UBND huyện Bình Sơn', '3', '', '', '', '']];
    const report = await importFile(db, writeCsv(csv(next)), { withdrawMissing: true, asOf: '2020-09-30' }, clock);
    expect(report.counts).toMatchObject({ inserted: 1, unchanged: 1, withdrawn: 1 });
    const rows = await offerings();
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.status === 'withdrawn')).toEqual([
      expect.objectContaining({ code: '1.001612', agency: 'UBND huyện Bình Sơn' }),
    ]);
    const history = await db.kysely.selectFrom('offering_history').select(['change', 'effective_date']).where('change', '=', 'withdrawn').execute();
    expect(history).toEqual([{ change: 'withdrawn', effective_date: '2020-09-30' }]);
  });

  it('without the option, offerings missing from the file stay as they were', async () => {
    await importFile(db, writeCsv(csv(base)), {}, clock);
    await importFile(db, writeCsv(csv([HEADER, base[1]])), {}, clock);
    expect((await offerings()).every((o) => o.status === 'current')).toBe(true);
  });

  it('a row marked "Bãi bỏ" withdraws the offering, and a later current row restores it', async () => {
    await importFile(db, writeCsv(csv(base)), {}, clock);
    const gone = [HEADER, [...base[1].slice(0, 7), 'Bãi bỏ']];
    expect((await importFile(db, writeCsv(csv(gone)), { asOf: '2021-01-01' }, clock)).counts.withdrawn).toBe(1);
    const back = [HEADER, base[1]];
    expect((await importFile(db, writeCsv(csv(back)), { asOf: '2021-06-01' }, clock)).counts.updated).toBe(1);
    const changes = await db.kysely.selectFrom('offering_history').select('change').orderBy('id').execute();
    expect(changes.map((c) => c.change).slice(-2)).toEqual(['withdrawn', 'restored']);
  });
});

describe('the catalogue version', () => {
  it('goes up when an import changes the catalogue, and only then', async () => {
    expect(await catalogueVersion(db.kysely)).toBe(0);
    const file = writeCsv(csv(base));
    await importFile(db, file, {}, clock);
    expect(await catalogueVersion(db.kysely)).toBe(1);
    await importFile(db, file, {}, clock); // no change
    const changed = base.map((row) => [...row]);
    changed[2][3] = '4';
    await importFile(db, writeCsv(csv(changed)), { dryRun: true }, clock);
    await importFile(db, writeCsv(csv([...changed, ['', '', '', '', '', '', '', '']].concat([['x', 'y', 'Sở Tư pháp', '9', '', '', '', '']]))), {}, clock); // refused
    expect(await catalogueVersion(db.kysely)).toBe(1);
    await importFile(db, writeCsv(csv(changed)), {}, clock);
    expect(await catalogueVersion(db.kysely)).toBe(2);
  });
});

describe('procedure details', () => {
  it('are shared by the offerings: a blank cell keeps what another row or an earlier import stated', async () => {
    const head = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Phí lệ phí', 'Thời hạn giải quyết'];
    await importFile(db, writeCsv(csv([head, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Miễn lệ phí', ''], ['1.001193', 'Đăng ký khai sinh', 'UBND xã Bình Châu', '2', '', '']])), {}, clock);
    await importFile(db, writeCsv(csv([head, ['1.001193', 'Đăng ký khai sinh', 'UBND xã Bình Châu', '2', '', 'Trong ngày']])), {}, clock);
    const procedure = await db.kysely.selectFrom('procedure').select(['fees', 'processing_time']).executeTakeFirstOrThrow();
    expect(procedure).toEqual({ fees: 'Miễn lệ phí', processing_time: 'Trong ngày' });
  });
});

describe('imports larger than one batch of writes', () => {
  const levels = ['Mức độ 1', 'Mức độ 2', 'Một phần', 'Toàn trình'];
  const tiers = ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Cấp tỉnh, Cấp xã', 'Cấp tỉnh, Cấp huyện, Cấp xã'];
  const portal = ['Có', 'Không', ''];
  /** Rows that differ from one to the next, so that a row written against another's offering shows. */
  const rowsFor = (agency: string, count: number, from = 0): string[][] =>
    Array.from({ length: count }, (_, i) => {
      const n = from + i;
      return [`1.${String(100000 + n)}`, `Thủ tục số ${n}`, agency, levels[n % 4], 'Hộ tịch', tiers[n % 5], portal[n % 3], ''];
    });

  /** Every offering against its tiers and its history: the rows a batch wrote must point at the right offering. */
  async function consistency() {
    const offeringRows = await db.kysely.selectFrom('offering').select(['id', 'tiers', 'level', 'portal_integrated']).execute();
    const tierRows = await db.kysely.selectFrom('offering_tier').select(['offering_id', 'tier']).execute();
    const historyRows = await db.kysely
      .selectFrom('offering_history')
      .select(['offering_id', 'level', 'portal_integrated'])
      .where('change', '=', 'created')
      .execute();
    const problems: string[] = [];
    for (const o of offeringRows) {
      const stored = tierRows.filter((t) => t.offering_id === o.id).map((t) => t.tier).sort();
      if (stored.join(',') !== o.tiers.split(',').sort().join(',')) problems.push(`offering ${o.id}: tiers ${stored} vs ${o.tiers}`);
      const created = historyRows.filter((h) => h.offering_id === o.id);
      if (created.length !== 1) problems.push(`offering ${o.id}: ${created.length} "created" rows`);
      // (These tests change no level or integration after the first import: only withdrawals.)
      else if (created[0].level !== o.level || created[0].portal_integrated !== o.portal_integrated) {
        problems.push(`offering ${o.id}: created as ${JSON.stringify(created[0])}, stored ${JSON.stringify(o)}`);
      }
    }
    return { offerings: offeringRows.length, problems };
  }

  it('writes each new offering with its own tiers and first history row, however the batches fall', async () => {
    const rows = [HEADER, ...rowsFor('Sở Tư pháp', 150), ...rowsFor('UBND huyện Bình Sơn', 61, 7)];
    const report = await importFile(db, writeCsv(csv(rows)), { asOf: '2020-06-30' }, clock);
    expect(report.counts).toMatchObject({ rowsRead: 211, inserted: 211, rejected: 0 });
    expect(await consistency()).toEqual({ offerings: 211, problems: [] });
    expect((await offerings()).find((o) => o.code === '1.100013' && o.agency === 'Sở Tư pháp')).toMatchObject({ level: 2, tiers: 'province,commune' });
  });

  it('keeps ids right after an undo removed the newest offerings', async () => {
    await importFile(db, writeCsv(csv([HEADER, ...rowsFor('Sở Tư pháp', 70)])), { asOf: '2020-06-30' }, clock);
    const second = await importFile(db, writeCsv(csv([HEADER, ...rowsFor('Sở Tư pháp', 70), ...rowsFor('Sở Y tế', 90)])), { asOf: '2020-09-30' }, clock);
    expect(await undoImport(db, second.importId!, '2020-10-01T00:00:00Z')).toMatchObject({ ok: true, removed: 90 });
    const third = await importFile(db, writeCsv(csv([HEADER, ...rowsFor('Sở Y tế', 130, 5)])), { asOf: '2020-12-31' }, clock);
    expect(third.counts.inserted).toBe(130);
    expect(await consistency()).toEqual({ offerings: 200, problems: [] });
  });

  it('withdraws only what the file no longer lists, not the offerings it has just added', async () => {
    await importFile(db, writeCsv(csv([HEADER, ...rowsFor('Sở Tư pháp', 5)])), { asOf: '2020-06-30' }, clock);
    // The new list keeps the first two and adds 140 (more than two batches); three are gone.
    const next = [HEADER, ...rowsFor('Sở Tư pháp', 2), ...rowsFor('Sở Tư pháp', 140, 1000)];
    const report = await importFile(db, writeCsv(csv(next)), { withdrawMissing: true, asOf: '2020-09-30' }, clock);
    expect(report.counts).toMatchObject({ inserted: 140, unchanged: 2, withdrawn: 3 });
    const withdrawn = (await offerings()).filter((o) => o.status === 'withdrawn').map((o) => o.code);
    expect(withdrawn).toEqual(['1.100002', '1.100003', '1.100004']);
    expect(await consistency()).toEqual({ offerings: 145, problems: [] });
  });
});
