import { only2020Target } from '../coverage-fixtures';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { ImportJobs } from '../../server/services/import-jobs';
import { addUser, binaryBody, csrfFrom, csv, fixedClock, openTestDb, tempDir, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG', 'Phí lệ phí', 'Cơ quan ban hành'];
const ROWS = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'Miễn lệ phí', 'Bộ Tư pháp'],
  ['1.001193.000.00.53.H48', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '3', 'Hộ tịch', 'Cấp huyện', 'Không', '', ''],
  ['1.001612', 'Đăng ký thành lập hộ kinh doanh', 'UBND huyện Bình Sơn', 'Một phần', 'Hộ kinh doanh', 'Cấp huyện', 'Có', '=1+1', ''],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '2', 'Hoạt động xây dựng', 'Cấp tỉnh, Cấp huyện', 'Không', '@SUM(A1)', 'Bộ Xây dựng'],
];

beforeEach(async () => {
  db = await openTestDb();
  await only2020Target(db);
  const report = await importFile(db, writeCsv(csv([HEAD, ...ROWS])), { asOf: '2020-06-30' }, clock);
  expect(report.status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterEach(async () => {
  await db.close();
});

async function download(url: string): Promise<{ res: request.Response; sheet: ExcelJS.Worksheet; bytes: Buffer }> {
  const res = await request(app).get(url).buffer(true).parse(binaryBody).expect(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((res.body as Buffer) as unknown as ExcelJS.Buffer);
  return { res, sheet: workbook.worksheets[0], bytes: res.body as Buffer };
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number): unknown[] => (sheet.getRow(n).values as unknown[]).slice(1);

describe('the catalogue as .xlsx', () => {
  it('has the importer\'s headers in a frozen header row, text as text (formula-like text never a formula)', async () => {
    const { res, sheet } = await download('/procedures.xlsx?sort=code');
    expect(res.headers['content-disposition']).toBe('attachment; filename=danh-muc-thu-tuc.xlsx');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(rowValues(sheet, 1).slice(0, 4)).toEqual(['Mã thủ tục', 'Tên thủ tục', 'Lĩnh vực', 'Cơ quan thực hiện']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(5);
    const formulaLike = sheet.getRow(4).getCell(14);
    expect(formulaLike.value).toBe('=1+1');
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
  });

  it('imports back unchanged', async () => {
    const { bytes } = await download('/procedures.xlsx?status=all');
    const file = path.join(tempDir(), `round-trip-${Date.now()}.xlsx`);
    fs.writeFileSync(file, bytes);
    const report = await importFile(db, file, {}, clock);
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('imported');
    expect(report.counts).toEqual({ rowsRead: 4, inserted: 0, updated: 0, unchanged: 4, withdrawn: 0, rejected: 0 });
    const fees = await db.kysely.selectFrom('procedure').select(['code', 'fees', 'issuer']).orderBy('code').execute();
    expect(fees).toEqual([
      { code: '1.001193', fees: 'Miễn lệ phí', issuer: 'Bộ Tư pháp' },
      { code: '1.001612', fees: '=1+1', issuer: null },
      { code: '2.000908', fees: '@SUM(A1)', issuer: 'Bộ Xây dựng' },
    ]);
  });

  it('is linked beside the CSV on the list page, with the same filters', async () => {
    const page = await request(app).get('/procedures?level=4').expect(200);
    expect(page.text).toContain('<a href="/procedures.xlsx?level=4" download>Excel (.xlsx)</a>');
    const { sheet } = await download('/procedures.xlsx?level=4');
    expect(sheet.rowCount).toBe(2);
  });
});

describe('the coverage tables as .xlsx', () => {
  it('stores counts as numbers, shares as percents and the date as a date', async () => {
    const { res, sheet } = await download('/coverage.xlsx?sort=agency&dir=asc');
    expect(res.headers['content-disposition']).toBe('attachment; filename=ty-le-dvctt-2026-11-22.xlsx');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = rowValues(sheet, 1) as string[];
    // The agencies added up, then the province as the National Portal counts it (each procedure once), last.
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('Toàn tỉnh');
    const province = sheet.getRow(sheet.rowCount - 1);
    const cell = (name: string) => province.getCell(header.indexOf(name) + 1);
    expect(cell('Cơ quan').value).toBe('Cộng các cơ quan');
    expect(cell('Tổng số thủ tục').value).toBe(4);
    expect(cell('Tỷ lệ mức độ 4 (%)').value).toBeCloseTo(0.25, 10);
    expect(cell('Tỷ lệ mức độ 4 (%)').numFmt).toBe('0.00%');
    expect(cell('Chỉ tiêu mức độ 4 (%)').value).toBeCloseTo(0.3, 10);
    expect(cell('Ngày số liệu').value).toEqual(new Date(Date.UTC(2026, 10, 22)));
    expect(cell('Ngày số liệu').numFmt).toBe('dd/mm/yyyy');
    const dashboard = await request(app).get('/coverage').expect(200);
    expect(dashboard.text).toContain('<a href="/coverage.xlsx" download>Bảng tính Excel (.xlsx)</a>');
  });

  it('leads with the National Portal\'s columns, numbers as numbers, the province counted once per procedure', async () => {
    const { sheet } = await download('/coverage.xlsx');
    const header = rowValues(sheet, 1) as string[];
    expect(header.slice(0, 9)).toEqual([
      'Cơ quan',
      'Số TTHC',
      'Số TTHC đủ điều kiện cung cấp DVC toàn trình',
      'Số TTHC đã cung cấp DVC trực tuyến toàn trình',
      'Số TTHC đã cung cấp DVC trực tuyến một phần',
      'Số TTHC chưa cung cấp DVCTT',
      'Tỷ lệ toàn trình trên số đủ điều kiện (%)',
      'Tỷ lệ toàn trình trên tổng số TTHC (%)',
      'Điểm chỉ số 766 (thang 100)',
    ]);
    const row = (name: string) => {
      for (let n = 2; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(1).value === name) return sheet.getRow(n);
      throw new Error(`no row ${name}`);
    };
    // Đăng ký khai sinh is toàn trình at Sở Tư pháp and một phần at Bình Sơn: two offerings, one procedure, toàn trình.
    expect((row('Cộng các cơ quan').values as unknown[]).slice(2, 7)).toEqual([4, 0, 1, 2, 1]);
    const province = row('Toàn tỉnh');
    expect((province.values as unknown[]).slice(2, 7)).toEqual([3, 0, 1, 1, 1]);
    expect(province.getCell(7).value).toBeNull();
    expect(province.getCell(8).value).toBeCloseTo(1 / 3, 10);
    expect(province.getCell(8).numFmt).toBe('0.00%');
    expect(province.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(province.getCell(9).numFmt).toBe('0.0');
  });

  it('gives the quarterly report\'s table, linked from the report', async () => {
    const { sheet } = await download('/coverage/report.xlsx?quarter=2020-Q3');
    const header = rowValues(sheet, 1) as string[];
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('Toàn tỉnh');
    const province = sheet.getRow(sheet.rowCount - 1);
    expect(province.getCell(1).value).toBe('Cộng các cơ quan');
    expect(province.getCell(header.indexOf('Số liệu cuối quý ngày') + 1).value).toEqual(new Date(Date.UTC(2020, 8, 30)));
    expect(province.getCell(header.indexOf('Mức độ 4 cuối quý') + 1).value).toBe(1);
    const page = await request(app).get('/coverage/report?quarter=2020-Q3').expect(200);
    expect(page.text).toContain('<a href="/coverage/report.xlsx?quarter=2020-Q3" download>Excel (.xlsx)</a>');
    await request(app).get('/coverage/report.xlsx?quarter=2020-Q9').expect(400);
  });
});

describe("an import's errors as .xlsx", () => {
  it('gives every problem with its row as a number, text as written', async () => {
    const jobs = new ImportJobs(db, clock, () => undefined);
    app = createApp({ db, config: testConfig, clock, log: () => undefined, jobs });
    await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
    const agent = request.agent(app);
    const login = await agent.get('/login');
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
    const form = await agent.get('/imports/new');
    const bad = csv([HEAD.slice(0, 4), ['1.000001', 'Thủ tục\nhai dòng', 'Sở Tư pháp', '4'], ['1.000002', 'Lỗi', 'Sở Tư pháp', '=HYPERLINK("http://x")']]);
    const res = await agent.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(bad), 'danh-muc.csv').expect(303);
    const preview = await agent.get(res.headers.location).expect(422);
    expect(preview.text).toContain(`<a href="${res.headers.location}/errors.xlsx" download>Excel (.xlsx)</a>`);
    const file = await agent.get(`${res.headers.location}/errors.xlsx`).buffer(true).parse(binaryBody).expect(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename=loi-danh-muc.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((file.body as Buffer) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(rowValues(sheet, 1)).toEqual(['Dòng', 'Cột', 'Giá trị', 'Loại', 'Lỗi', 'Dòng của tệp văn bản']);
    expect(rowValues(sheet, 2).slice(0, 4)).toEqual([3, 'Mức độ', '=HYPERLINK("http://x")', 'Lỗi']);
    expect(rowValues(sheet, 2)[5]).toBe(4);
    await jobs.close();
  });
});
