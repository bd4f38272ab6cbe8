import { only2020Target } from '../coverage-fixtures';
/**
 * A country's catalogue has thousands of agencies: the dashboard shows them 100 a page (table and chart), with
 * the province total and the counts of agencies meeting the target taken over all of them.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { reportDocxAside } from '../../server/coverage/report-docx-thread';
import { parseLetter } from '../../server/coverage/report-letter';
import { createCoverageService } from '../../server/services/coverage-service';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { binaryBody, csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await openTestDb();
  await only2020Target(db);
  const rows = Array.from({ length: 250 }, (_, i) => [`1.${String(100000 + i)}`, `Thủ tục ${i}`, `UBND xã số ${String(i).padStart(3, '0')}`, i % 2 ? '4' : '2', '', 'Cấp xã', '', '']);
  await importFile(db, writeCsv(csv([HEADER, ...rows])), { asOf: '2020-06-30' }, clock);
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

/** Agency rows of one of the dashboard's two tables (the levels table, or the National Portal's). */
const agencyRows = (html: string, table = '<table class="data coverage-table">') =>
  (html.slice(html.indexOf(table)).split('</table>')[0].match(/<th scope="row" class="agency-cell">UBND xã số/g) ?? []).length;

describe('the dashboard with many agencies', () => {
  it('shows 100 agencies a page, with page links, the range, and the province over all of them', async () => {
    const first = await request(app).get('/coverage?sort=agency&dir=asc').expect(200);
    expect(agencyRows(first.text)).toBe(100);
    // The National Portal's table shows the same page of agencies.
    expect(agencyRows(first.text, '<table class="data coverage-table portal-table">')).toBe(100);
    expect(first.text).toContain('Cơ quan 1–100 trong 250');
    expect(first.text).toMatch(/href="\/coverage\?sort=agency&amp;dir=asc&amp;page=3#coverage-table"/);
    expect(first.text).toContain('UBND xã số 000');
    expect(first.text).not.toContain('UBND xã số 100');
    // The chart draws the province and this page's agencies only.
    expect((first.text.match(/class="bar-label"/g) ?? []).length).toBe(101);

    const last = await request(app).get('/coverage?sort=agency&dir=asc&page=3').expect(200);
    expect(agencyRows(last.text)).toBe(50);
    expect(last.text).toContain('Cơ quan 201–250 trong 250');
    expect(last.text).toMatch(/aria-current="page" aria-label="Trang 3"/);
    // 125 of 250 offerings at level 4, across all pages.
    const json = await request(app).get('/api/coverage').expect(200);
    expect(json.body.total).toMatchObject({ total: 250, level4: 125 });
    expect(json.body.agencies).toHaveLength(250);
  });

  it('shows the last page for a page past the end, and says so for a page that is not a number', async () => {
    const past = await request(app).get('/coverage?page=99').expect(200);
    expect(agencyRows(past.text)).toBe(50);
    const bad = await request(app).get('/coverage?page=abc').expect(400);
    expect(bad.text).toContain('Trang &#34;abc&#34; không hợp lệ');
    expect(agencyRows(bad.text)).toBe(100);
  });
});

describe('the downloads with many agencies', () => {
  const names = Array.from({ length: 250 }, (_, i) => `UBND xã số ${String(i).padStart(3, '0')}`);
  const totals = ['Cộng các cơ quan', 'Toàn tỉnh'];

  it('hold every agency once, in the dashboard’s order, then the totals: the rows are read and written a batch at a time', async () => {
    const text = (await request(app).get('/coverage.csv?sort=agency&dir=asc').expect(200)).text;
    const lines = text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.filter((l) => l.startsWith('Cơ quan;'))).toHaveLength(1);
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual([...names, ...totals]);

    const res = await request(app)
      .get('/coverage.xlsx?sort=agency&dir=asc')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(1 + 250 + 2);
    expect(Array.from({ length: 252 }, (_, i) => sheet.getRow(i + 2).getCell(1).value)).toEqual([...names, ...totals]);
  });
});

describe('the Word document of a report with many agencies', () => {
  it('is the same when its agencies reach the document’s thread in many parts as in one', async () => {
    const report = await createCoverageService(db.kysely, clock).report({ year: 2020, q: 2 });
    expect(report.agencies).toHaveLength(250);
    const text = async (bytes: Buffer) => (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    const letter = parseLetter({}, []);
    const whole = await text(await reportDocxAside(report, letter, false));
    expect(await text(await reportDocxAside(report, letter, false, 7))).toBe(whole);
    for (const name of ['UBND xã số 000', 'UBND xã số 249']) expect(whole).toContain(name);
  }, 60_000);
});
