import type { CatalogueDb } from '../../db/connection';
import { runCli } from '../../cli/import-cli';
import { importFile } from '../../imports/run-import';
import { buffer, csv, fixedClock, HEADER, openTestDb, tempDir, writeCsv } from '../helpers';
import { PORTAL_TITLE, writeWorkbook } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const ROW = ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''];

describe('finding the header row below title rows', () => {
  it('skips a merged title row of a workbook and says so', async () => {
    const file = await writeWorkbook([{ name: 'Sheet1', rows: [[PORTAL_TITLE], HEADER, ROW], merges: ['A1:H1'] }]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('imported');
    expect(report.header).toEqual({ line: 2, titleRows: 1 });
    expect(report.counts.inserted).toBe(1);
  });

  it('skips a title with line breaks inside a quoted cell of a CSV saved by Excel, and a date row', async () => {
    const text = csv([[PORTAL_TITLE, '', '', '', '', '', '', ''], ['Ngày 30/06/2020'], [], HEADER, ROW]);
    const file = writeCsv(text, 'utf-8-bom');
    const report = await importFile(db, file, {}, clock);
    expect(report.fileError).toBeNull();
    expect(report.status).toBe('imported');
    expect(report.header?.titleRows).toBe(2);
  });

  it('finds the delimiter of a CSV whose title line holds none', async () => {
    const file = writeCsv(`DANH SÁCH THỦ TỤC HÀNH CHÍNH\r\n${csv([HEADER, ROW], ';')}`);
    const report = await importFile(db, file, {}, clock);
    expect(report.inspection.delimiter).toBe(';');
    expect(report.status).toBe('imported');
    expect(report.header).toEqual({ line: 2, titleRows: 1 });
  });

  it('prints the skipped title rows in the CLI', async () => {
    const file = await writeWorkbook([{ name: 'Sheet1', rows: [[PORTAL_TITLE], HEADER, ROW], merges: ['A1:H1'] }]);
    const out = buffer();
    const code = await runCli([file, '--dry-run'], { DATABASE_URL: `sqlite:${tempDir()}/header-${Date.now()}.db` }, out, buffer());
    expect(code).toBe(0);
    expect(out.text).toContain('Bỏ qua 1 dòng tiêu đề phía trên dòng tên cột (dòng tên cột: dòng 2).');
  });

  it('refuses a file whose first 30 rows name no header, on the row that came closest', async () => {
    const rows = [['Danh sách'], ['Mã thủ tục', 'Tên thủ tục', 'Ghi chú']];
    const report = await importFile(db, writeCsv(csv(rows)), {}, clock);
    expect(report.status).toBe('refused');
    expect(report.fileError?.line).toBe(2);
    expect(report.fileError?.message).toContain('Thiếu cột bắt buộc "Cơ quan thực hiện", "Mức độ"');
    expect(report.fileError?.message).toContain('"Ghi chú"');

    const deep = Array.from({ length: 30 }, (_v, i) => [`Ghi chú ${i + 1}`]);
    const late = await importFile(db, writeCsv(csv([...deep, HEADER, ROW])), {}, clock);
    expect(late.status).toBe('refused');
    expect(late.fileError?.message).toContain('trong 30 dòng đầu');
  });

  it('says plainly that the Portal export lacks the level column and what to add', async () => {
    const file = await writeWorkbook([{ name: 'Sheet1', rows: [[PORTAL_TITLE], ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Lĩnh vực'], ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Hộ tịch']] }]);
    const report = await importFile(db, file, {}, clock);
    expect(report.status).toBe('refused');
    expect(report.fileError?.line).toBe(2);
    expect(report.fileError?.message).toContain('Thiếu cột bắt buộc "Mức độ"');
    expect(report.fileError?.message).toContain('thêm một cột "Mức độ" trong Excel');
  });
});
