import fs from 'node:fs';
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, HEADER, openTestDb, tempDir, writeCsv } from '../helpers';
import { writeLargeWorkbook, writeWorkbook, type TestCell } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

async function offerings() {
  return db.kysely
    .selectFrom('offering')
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .select(['procedure.code', 'procedure.name', 'agency.name as agency', 'offering.level', 'offering.portal_integrated'])
    .orderBy('procedure.code')
    .orderBy('agency.name')
    .execute();
}

describe('importing an .xlsx workbook', () => {
  it('reads shared strings, rich text, numbers, formulas by their cached value and booleans', async () => {
    const file = await writeWorkbook([
      {
        name: 'Danh sách',
        rows: [
          HEADER,
          ['1.001612', { richText: [{ text: 'Đăng ký ' }, { font: { bold: true }, text: 'khai sinh' }] }, 'Sở Tư pháp', 4, 'Hộ tịch', 'Cấp tỉnh', true, ''],
          ['1.004194', 'Đăng ký tạm trú', { formula: '"Công an tỉnh "&"Quảng Ngãi"', result: 'Công an tỉnh Quảng Ngãi' }, { formula: '1+2', result: 3 }, 'Cư trú', 'Cấp tỉnh', false, ''],
        ],
      },
    ]);
    const report = await importFile(db, file, { asOf: '2020-06-30' }, clock);
    expect(report.fileError).toBeNull();
    expect(report.status).toBe('imported');
    expect(report.workbook).toEqual({ sheet: 'Danh sách', sheets: ['Danh sách'] });
    expect(await offerings()).toEqual([
      { code: '1.001612', name: 'Đăng ký khai sinh', agency: 'Sở Tư pháp', level: 4, portal_integrated: 1 },
      { code: '1.004194', name: 'Đăng ký tạm trú', agency: 'Công an tỉnh Quảng Ngãi', level: 3, portal_integrated: 0 },
    ]);
    const run = await db.kysely.selectFrom('import_run').select(['encoding', 'delimiter']).executeTakeFirstOrThrow();
    expect(run).toEqual({ encoding: 'xlsx', delimiter: '' });
  });

  it('numbers every problem by the sheet row, blank rows and all', async () => {
    const file = await writeWorkbook([
      {
        name: 'Sheet1',
        startRow: 3,
        rows: [HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4'], [], [], ['1.004194', 'Đăng ký tạm trú', 'Sở Tư pháp', 'Mức độ 9']],
      },
    ]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.errors).toEqual([expect.objectContaining({ line: 7, column: 'Mức độ', value: 'Mức độ 9' })]);
    expect(await offerings()).toEqual([]);
  });

  it('restores a numeric code from its number format, and refuses one whose zeros are lost, naming the problem', async () => {
    const file = await writeWorkbook([
      {
        name: 'Sheet1',
        rows: [
          HEADER,
          [{ value: 1.00161, numFmt: '0.000000' }, 'Thủ tục A', 'Sở Tư pháp', 'Mức độ 4'],
          [1.00161, 'Thủ tục B', 'Sở Tư pháp', 'Mức độ 4'],
        ],
      },
    ]);
    const report = await importFile(db, file, { skipInvalid: true }, clock);
    expect(report.status).toBe('imported');
    expect(report.errors).toEqual([expect.objectContaining({ line: 3, column: 'Mã thủ tục', value: '1.00161' })]);
    expect(report.errors[0].message).toMatch(/lưu dạng số.*1\.001610/);
    expect((await offerings()).map((o) => o.code)).toEqual(['1.001610']);
  });

  it('reads the sheet asked for, and refuses a sheet the workbook does not have, naming those it has', async () => {
    const file = await writeWorkbook([
      { name: 'Hướng dẫn', rows: [['Điền danh mục ở trang tính sau']] },
      { name: 'Danh mục', rows: [HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4']] },
    ]);
    const chosen = await importFile(db, file, { sheet: 'danh mục', dryRun: true }, clock);
    expect(chosen.status).toBe('dry-run');
    expect(chosen.workbook).toEqual({ sheet: 'Danh mục', sheets: ['Hướng dẫn', 'Danh mục'] });
    expect(chosen.counts.inserted).toBe(1);

    const missing = await importFile(db, file, { sheet: 'Sheet9' }, clock);
    expect(missing.status).toBe('refused');
    expect(missing.fileError?.message).toBe('Bảng tính không có trang tính "Sheet9". Các trang tính: "Hướng dẫn", "Danh mục".');

    const first = await importFile(db, file, {}, clock);
    expect(first.status).toBe('refused');
    expect(first.workbook?.sheet).toBe('Hướng dẫn');
  });

  it('writes nothing when refused, and can be undone when imported (with the worker thread too)', async () => {
    const good = await writeWorkbook([{ name: 'S', rows: [HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4'], ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3']] }]);
    const before = await dumpCatalogue(db);
    const dry = await importFile(db, good, { dryRun: true, worker: true }, clock);
    expect(dry.status).toBe('dry-run');
    expect(await dumpCatalogue(db)).toEqual(before);
    const report = await importFile(db, good, { worker: true }, clock);
    expect(report.status).toBe('imported');
    expect(report.counts.inserted).toBe(2);
    const undone = await undoImport(db, report.importId!, clock.now().toISOString());
    expect(undone.ok).toBe(true);
    expect(await offerings()).toEqual([]);
  });

  it('streams a 100,000-row workbook', async () => {
    const file = await writeLargeWorkbook(HEADER.slice(0, 4), 100_000, (i) => [`1.${String(i).padStart(6, '0')}`, `Thủ tục số ${i}`, `Sở ${i % 20}`, (i % 4) + 1]);
    // On this thread: the worker thread is tested above, and starting it from the TypeScript sources is slow.
    const report = await importFile(db, file, { dryRun: true, worker: false }, clock);
    expect(report.fileError).toBeNull();
    expect(report.status).toBe('dry-run');
    expect(report.counts).toMatchObject({ rowsRead: 100_000, inserted: 100_000, rejected: 0 });
  }, 120_000);
});

describe('hyperlink cells in the online-address column', () => {
  const LINK_HEADER = [...HEADER, 'Đường dẫn DVC trực tuyến'];
  const row = (code: string, link: TestCell): TestCell[] => [code, 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '', link];

  it('imports the address an Excel hyperlink leads to, not the text it shows', async () => {
    const file = await writeWorkbook([
      {
        name: 'Danh sách',
        rows: [
          LINK_HEADER,
          row('1.001612', { text: 'Nộp trực tuyến', hyperlink: 'https://dichvucong.quangngai.gov.vn/thu-tuc/1.001612' }),
          row('1.004194', 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004194'),
          // A link elsewhere in the row (the name) changes nothing: only the address column reads the target.
          [{ text: '1.000001', hyperlink: 'https://example.com/ma' }, 'Cấp bản sao', 'Sở Tư pháp', 'Mức độ 3', 'Hộ tịch', 'Cấp tỉnh', 'Không', '', ''],
        ],
      },
    ]);
    const report = await importFile(db, file, {}, clock);
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('imported');
    const rows = await db.kysely.selectFrom('offering').innerJoin('procedure', 'procedure.id', 'offering.procedure_id').select(['procedure.code', 'offering.online_url']).orderBy('procedure.code').execute();
    expect(rows).toEqual([
      { code: '1.000001', online_url: null },
      { code: '1.001612', online_url: 'https://dichvucong.quangngai.gov.vn/thu-tuc/1.001612' },
      { code: '1.004194', online_url: 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004194' },
    ]);
  });

  it('refuses a hyperlink to javascript: with its Excel row and column, and writes nothing', async () => {
    const file = await writeWorkbook([
      {
        name: 'Danh sách',
        rows: [['DANH MỤC THỦ TỤC'], LINK_HEADER, row('1.001612', { text: 'Nộp trực tuyến', hyperlink: 'https://dichvucong.gov.vn/' }), row('1.004194', { text: 'Nộp trực tuyến', hyperlink: 'javascript:alert(1)' })],
      },
    ]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.errors).toEqual([expect.objectContaining({ line: 4, column: 'Đường dẫn DVC trực tuyến', value: 'javascript:alert(1)' })]);
    expect(await offerings()).toEqual([]);
  });
});

describe('files that are neither CSV nor .xlsx', () => {
  const zipEntry = (name: string, content = ''): Buffer => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(content, 'latin1')]);
  };
  const cases: [string, Buffer, RegExp][] = [
    ['an Excel 97–2003 .xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), /^Tệp Excel 97–2003 \(\.xls\): mở bằng Excel và lưu lại dưới dạng \.xlsx hoặc CSV UTF-8\.$/],
    ['an OpenDocument spreadsheet', zipEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'), /^Tệp bảng tính OpenDocument \(\.ods\)/],
    ['a Word document', Buffer.concat([zipEntry('[Content_Types].xml', '<Types/>'), zipEntry('word/document.xml')]), /^Tệp Word \(\.docx\)/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), /^Tệp PDF/],
    ['a zip archive', zipEntry('danh-muc.csv', 'Mã thủ tục'), /^Tệp nén \(\.zip\): giải nén/],
    ['a photo', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), /^Tệp hình ảnh/],
    ['a PNG screenshot', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /^Tệp hình ảnh/],
    ['a web page saved as .xls', Buffer.from('<html><body><table><tr><td>Mã số</td></tr></table></body></html>'), /^Tệp trang web \(HTML\)/],
  ];
  it.each(cases)('refuses %s from its first bytes, naming the format and what to do', async (_name, bytes, message) => {
    const file = `${tempDir()}/other-${Math.random().toString(36).slice(2)}.bin`;
    fs.writeFileSync(file, bytes);
    const before = await dumpCatalogue(db);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.fileError?.message).toMatch(message);
    expect(await dumpCatalogue(db)).toEqual(before);
  });

  it('refuses a damaged workbook with a message, not a crash', async () => {
    const good = fs.readFileSync(await writeWorkbook([{ name: 'S', rows: [HEADER] }]));
    const file = `${tempDir()}/damaged-${Math.random().toString(36).slice(2)}.xlsx`;
    fs.writeFileSync(file, good.subarray(0, Math.floor(good.length / 2)));
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.fileError?.message).toMatch(/Không đọc được bảng tính \.xlsx/);
  });
});

describe('control characters in cells', () => {
  const expectRemoved = (report: Awaited<ReturnType<typeof importFile>>, line: number) => {
    expect(report.status).toBe('imported');
    expect(report.warnings).toEqual([
      expect.objectContaining({ line, column: 'Tên thủ tục', value: 'Đăng ký khai sinh', message: 'Đã xoá các ký tự điều khiển U+0000, U+0007 (không hiển thị được) khỏi ô này.' }),
      expect.objectContaining({ line, column: 'Cơ quan thực hiện', value: 'Sở Tư pháp', message: 'Đã xoá ký tự điều khiển U+007F (không hiển thị được) khỏi ô này.' }),
    ]);
  };
  const stored = async () => db.kysely.selectFrom('procedure').innerJoin('offering', 'offering.procedure_id', 'procedure.id').innerJoin('agency', 'agency.id', 'offering.agency_id').select(['procedure.name', 'agency.name as agency']).execute();

  it('removes them from a CSV with a warning naming the row, the column and the code points', async () => {
    const report = await importFile(db, writeCsv(csv([HEADER.slice(0, 4), ['1.001612', 'Đăng\u0000 ký\u0007 khai sinh', 'Sở Tư\u007f pháp', '4']])), {}, clock);
    expectRemoved(report, 2);
    expect(await stored()).toEqual([{ name: 'Đăng ký khai sinh', agency: 'Sở Tư pháp' }]);
  });

  it('removes them from a workbook, where Excel writes them as _x0007_', async () => {
    const file = await writeWorkbook([{ name: 'S', rows: [HEADER.slice(0, 4), [], ['1.001612', 'Đăng_x0000_ ký_x0007_ khai sinh', 'Sở Tư_x007F_ pháp', 4]] }]);
    const report = await importFile(db, file, {}, clock);
    expectRemoved(report, 3);
    expect(await stored()).toEqual([{ name: 'Đăng ký khai sinh', agency: 'Sở Tư pháp' }]);
  });

  it('keeps tabs and line breaks, which separate agencies', async () => {
    const report = await importFile(db, writeCsv(csv([HEADER.slice(0, 4), ['1.001612', 'Đăng ký\tkhai sinh', 'Sở Tư pháp\r\nUBND xã Bình Châu\u0001', '4']])), {}, clock);
    expect(report.warnings.map((w) => w.message)).toEqual(['Đã xoá ký tự điều khiển U+0001 (không hiển thị được) khỏi ô này.']);
    expect((await stored()).map((o) => `${o.name} / ${o.agency}`).sort()).toEqual(['Đăng ký khai sinh / Sở Tư pháp', 'Đăng ký khai sinh / UBND xã Bình Châu']);
  });
});

describe('dates and blank rows in a workbook', () => {
  it('reads a date cell as the date a clerk sees, and skips blank rows', async () => {
    const file = await writeWorkbook([
      {
        name: 'S',
        rows: [
          [...HEADER.slice(0, 4), 'Số quyết định công bố'],
          [],
          ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 4, { value: new Date(Date.UTC(2020, 5, 30)), numFmt: 'dd/mm/yyyy' }],
          [null, null, null, null, null],
        ],
      },
    ]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('imported');
    expect(report.counts.rowsRead).toBe(1);
    expect((await db.kysely.selectFrom('procedure').select('decision').executeTakeFirstOrThrow()).decision).toBe('30/06/2020');
  });
});
