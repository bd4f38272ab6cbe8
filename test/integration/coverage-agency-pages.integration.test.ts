/**
 * A country's catalogue lists thousands of agencies: the trend shows them a hundred a page, the quarterly
 * report five hundred (no province has as many, so a province's report stays whole), each page saying which
 * agencies it shows and linking to the others with everything else asked kept; a page number that cannot be used
 * gets the page back with a message, one past the end the last page.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { AGENCIES_PER_PAGE, REPORT_AGENCIES_PER_PAGE, REPORT_CHANGES_SHOWN } from '../../server/coverage/coverage-pages';
import { clock, load, only2020Target } from '../coverage-fixtures';
import { openTestDb, testConfig } from '../helpers';

let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
  await only2020Target(db);
});
afterEach(async () => {
  await db.close();
});

const app = () => createApp({ db, config: testConfig, clock, log: () => undefined });

/** `count` communes, one offering each at level 2 on 31/3/2020; every third raised to level 4 on 15/8/2020. */
async function loadCommunes(count: number): Promise<void> {
  const name = (i: number) => `UBND xã Số ${i}`;
  const row = (i: number, level: string) => ['1.000001', 'Đăng ký khai sinh', name(i), level, 'Hộ tịch', 'Cấp xã', 'Có', '', 'Có'] as [string, string, string, string, string, string, string, string, string];
  const numbers = Array.from({ length: count }, (_, k) => k + 1);
  await load(db, numbers.map((i) => row(i, '2')), '2020-03-31');
  await load(db, numbers.map((i) => row(i, i % 3 === 0 ? '4' : '2')), '2020-08-15');
}

/** The body rows of the table with class `cls`, each as its header cell's text. */
function bodyRows(html: string, cls: string): string[] {
  const at = html.indexOf(`class="data ${cls}`) >= 0 ? html.indexOf(`class="data ${cls}`) : html.indexOf(cls);
  if (at < 0) throw new Error(`no table ${cls}`);
  const body = html.slice(html.indexOf('<tbody>', at), html.indexOf('</tbody>', at));
  return [...body.matchAll(/<th scope="row"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

const pageLinks = (html: string): string[] => [...html.matchAll(/<nav class="pagination"[\s\S]*?<\/nav>/g)].flatMap((nav) => [...nav[0].matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')));

describe('the trend, a hundred agencies a page', () => {
  it('shows the changes table and the tables by agency a page at a time, the sort and the agency drawn kept', async () => {
    await loadCommunes(130);
    const first = await request(app()).get('/coverage/trend?sort=agency&dir=asc').expect(200);
    expect(bodyRows(first.text, 'trend-changes')).toHaveLength(AGENCIES_PER_PAGE);
    expect(bodyRows(first.text, 'trend-changes')[0]).toBe('UBND xã Số 1');
    expect(bodyRows(first.text, 'trend-agencies')).toHaveLength(AGENCIES_PER_PAGE);
    expect(first.text).toContain('Cơ quan 1–100 trong 130');
    expect(pageLinks(first.text)).toContain('/coverage/trend?sort=agency&dir=asc&page=2#trend-changes');

    const second = await request(app()).get('/coverage/trend?sort=agency&dir=asc&page=2').expect(200);
    const names = bodyRows(second.text, 'trend-changes');
    expect(names).toHaveLength(30);
    expect(names[0]).toBe('UBND xã Số 101');
    expect(second.text).toContain('Cơ quan 101–130 trong 130');
    // The agency to draw is chosen among all of them, whichever page is shown.
    expect(second.text.match(/<option value="ubnd-xa-so-\d+"/g)).toHaveLength(130);
    // Drawing an agency from page 2 keeps the page and the sort.
    expect(second.text).toContain('href="/coverage/trend?agency=ubnd-xa-so-101&amp;sort=agency&amp;dir=asc&amp;page=2#trend-chart-title"');

    // Past the end: the last page. Not a number: the first, with a message and status 400.
    const past = await request(app()).get('/coverage/trend?sort=agency&dir=asc&page=9').expect(200);
    expect(bodyRows(past.text, 'trend-changes')[0]).toBe('UBND xã Số 101');
    const bad = await request(app()).get('/coverage/trend?page=hai').expect(400);
    expect(bad.text).toContain('hai');
    expect(bodyRows(bad.text, 'trend-changes')).toHaveLength(AGENCIES_PER_PAGE);
  });

  it('has no page links when every agency fits on one page', async () => {
    await loadCommunes(12);
    const res = await request(app()).get('/coverage/trend').expect(200);
    expect(bodyRows(res.text, 'trend-changes')).toHaveLength(12);
    expect(pageLinks(res.text)).toEqual([]);
    expect(res.text).not.toContain('Cơ quan 1–');
  });
});

describe('the quarterly report, five hundred agencies a page', () => {
  it('pages its tables by agency and keeps the letter in its links', async () => {
    const count = REPORT_AGENCIES_PER_PAGE + 20;
    await loadCommunes(count);
    const url = '/coverage/report?quarter=2020-Q3&issuer=S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p';
    const first = await request(app()).get(url).expect(200);
    expect(bodyRows(first.text, 'report-agencies')).toHaveLength(REPORT_AGENCIES_PER_PAGE);
    expect(first.text).toContain(`Cơ quan 1–500 trong ${count}`);
    // The National Portal's table: the page's agencies, then the two totals.
    expect(bodyRows(first.text, 'report-portal')).toHaveLength(REPORT_AGENCIES_PER_PAGE + 2);
    expect(pageLinks(first.text)).toContain(`/coverage/report?${new URLSearchParams({ quarter: '2020-Q3', issuer: 'Sở Tư pháp', page: '2' })}#s1`);
    // Two thirds of the communes stay at level 2, below 2020's 30%: 347 of 520, all shown.
    expect(bodyRows(first.text, 'report-gaps')).toHaveLength(347);

    const second = await request(app()).get(`${url}&page=2`).expect(200);
    const names = bodyRows(second.text, 'report-agencies');
    expect(names).toHaveLength(20);
    expect(names[0]).toBe('UBND xã Số 501');
    expect(second.text).toContain(`Cơ quan 501–${count} trong ${count}`);
    expect(second.text).toContain('value="Sở Tư pháp"');
  });

  it('shows the 500 agencies below the target that need the most, and says the workbook holds them all', async () => {
    await loadCommunes(Math.ceil((REPORT_CHANGES_SHOWN + 10) * 1.5));
    const res = await request(app()).get('/coverage/report?quarter=2020-Q3').expect(200);
    expect(bodyRows(res.text, 'report-gaps')).toHaveLength(REPORT_CHANGES_SHOWN);
    expect(res.text).toContain('Trang này hiện 500 cơ quan cần thêm nhiều nhất; danh sách đầy đủ có trong tệp');
  });

  it('keeps a province’s report on one page', async () => {
    await loadCommunes(40);
    const res = await request(app()).get('/coverage/report?quarter=2020-Q3').expect(200);
    expect(bodyRows(res.text, 'report-agencies')).toHaveLength(40);
    expect(pageLinks(res.text)).toEqual([]);
  });
});
