import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { applyOfferingFilters } from '../../db/offering-filters';
import { parseFilters } from '../../domain/filters';
import { createApp } from '../../server/app';
import { setTarget } from '../../server/services/target-service';
import { AGENCIES, BASE_ROWS, changed, clock, load, only2020Target } from '../coverage-fixtures';
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

/** The table row of an agency (or the province total) as its cells' text. */
function tableRow(html: string, name: string): string[] {
  const table = html.slice(html.indexOf('<table class="data coverage-table">'));
  const row = new RegExp(`<tr[^>]*>\\s*<th scope="row" class="agency-cell">${name}</th>([\\s\\S]*?)</tr>`).exec(table);
  if (!row) throw new Error(`no row for ${name}`);
  return [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

/** Every link from a count to the catalogue list on a page, with the count it shows. */
function countLinks(html: string): { href: string; count: number }[] {
  return [...html.matchAll(/<a href="(\/procedures[^"]*)">([\d.]+)<\/a>/g)].map((m) => ({
    href: m[1].replace(/&amp;/g, '&'),
    count: Number(m[2].replace(/\./g, '')),
  }));
}

/** How many offerings the catalogue list would show for a link: its query, parsed and applied as the list does. */
async function listTotal(href: string): Promise<number> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(href, 'http://x').searchParams) {
    query[key] = query[key] === undefined ? value : ([] as string[]).concat(query[key], value);
  }
  const { filters, problems } = parseFilters(query);
  expect(problems).toEqual([]);
  const row = await applyOfferingFilters(db.kysely.selectFrom('offering'), filters)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('GET /coverage', () => {
  beforeEach(async () => {
    await load(db, BASE_ROWS, '2020-06-30');
  });

  it('shows each agency and the province with exact counts and shares, as officials count them', async () => {
    const res = await request(app()).get('/coverage').expect(200);
    //  total | 1 2 3 4 | L4% | ≥3 n % | portal n % | QĐ411 n, integrated, % | eligible n, at L4, % | assessment | needed
    expect(tableRow(res.text, AGENCIES.TP)).toEqual(['10', '2', '3', '2', '3', '30,0%', '5', '50,0%', '4', '40,0%', '4', '3', '75,0%', '8', '3', '37,5%', 'Đạt', '0']);
    expect(tableRow(res.text, AGENCIES.BS)).toEqual(['6', '1', '2', '2', '1', '16,7%', '3', '50,0%', '1', '16,7%', '0', '0', '—', '0', '0', '—', 'Chưa đạt', '1']);
    expect(tableRow(res.text, AGENCIES.CA)).toEqual(['3', '0', '0', '0', '3', '100,0%', '3', '100,0%', '3', '100,0%', '2', '2', '100,0%', '3', '3', '100,0%', 'Đạt', '0']);
    expect(tableRow(res.text, 'Cộng các cơ quan')).toEqual(['19', '3', '5', '4', '7', '36,8%', '11', '57,9%', '8', '42,1%', '6', '5', '83,3%', '11', '6', '54,5%', 'Đạt', '0']);
    // The province, each of the 13 procedures once at the best level an agency provides it (Bình Sơn's six are all Sở
    // Tư pháp's too, at the same levels): level 1 1.000009–10, level 2 1.000006–8, level 3 1.000004–5, level 4 1.000001–3
    // and the police's three (6 of 13, 46,2%); integrated where any offering is: 1.000001, 2, 4, 5 and the police's
    // three (7); QĐ 411 1.000001, 2, 4, 6 and two of the police's (6), 5 of them integrated; eligible 1.000001–8 and the
    // police's (11), 6 of them at level 4. Its counts link nowhere: the list counts offerings.
    expect(tableRow(res.text, 'Toàn tỉnh')).toEqual(['13', '2', '3', '2', '6', '46,2%', '8', '61,5%', '7', '53,8%', '6', '5', '83,3%', '11', '6', '54,5%', 'Đạt', '0']);
    expect(/<th scope="row" class="agency-cell">Toàn tỉnh<\/th>[\s\S]*?<\/tr>/.exec(res.text.slice(res.text.indexOf('<table class="data coverage-table">')))![0]).not.toContain('<a ');
    // The figures above the 2011 table are the province's, and say so.
    expect(res.text).toContain('Toàn tỉnh (mỗi thủ tục tính một lần)</h3>');
    expect(res.text).toMatch(/Thủ tục còn hiệu lực<\/dt><dd>13</);
    expect(res.text).toMatch(/Mức độ 4 \(toàn trình\)<\/dt><dd>6 <span class="pct">\(46,2%\)/);
    expect(res.text).toContain('Số liệu hiện tại, ngày 22/11/2026.');
    expect(res.text).toContain('Năm 2026 chưa có chỉ tiêu riêng; áp dụng chỉ tiêu năm 2020: ít nhất 30% thủ tục ở mức độ 4. Căn cứ: Nghị quyết 17/NQ-CP ngày 7/3/2019.');
    expect(res.text).toMatch(/Cơ quan đạt chỉ tiêu<\/dt><dd>2 \/ 3</);
  });

  it('judges a target on the eligible basis by the eligible offerings only, and says so', async () => {
    await setTarget(db.kysely, { year: 2026, level4Pct: 50, basis: 'eligible', note: 'Kế hoạch chuyển đổi số' }, 'test', new Date());
    const res = await request(app()).get('/coverage').expect(200);
    // Sở Tư pháp: 3 of its 8 eligible at level 4 (37,5%) → below, 1 more needed; Bình Sơn declared none → not judged.
    expect(tableRow(res.text, AGENCIES.TP).slice(13)).toEqual(['8', '3', '37,5%', 'Chưa đạt', '1']);
    expect(tableRow(res.text, AGENCIES.BS).slice(13)).toEqual(['0', '0', '—', '—', '—']);
    expect(tableRow(res.text, AGENCIES.CA).slice(13)).toEqual(['3', '3', '100,0%', 'Đạt', '0']);
    expect(tableRow(res.text, 'Cộng các cơ quan').slice(13)).toEqual(['11', '6', '54,5%', 'Đạt', '0']);
    expect(res.text).toContain('Chỉ tiêu năm 2026: ít nhất 50% thủ tục đủ điều kiện ở mức độ 4. Căn cứ: Kế hoạch chuyển đổi số.');
    expect(res.text).toContain('Chỉ tiêu 50% số đủ điều kiện');
    await setTarget(db.kysely, { year: 2026, level4Pct: 60, note: undefined }, 'test', new Date());
    // 6 of 11 eligible at level 4; 60% of 11 needs 7.
    expect((await request(app()).get('/coverage').expect(200)).text).toContain('Cần thêm 1 thủ tục đủ điều kiện đạt mức độ 4 để toàn tỉnh đạt chỉ tiêu.');
    await setTarget(db.kysely, { year: 2026, level4Pct: 50, note: undefined }, 'test', new Date());
    expect(res.text).toMatch(/Cơ quan đạt chỉ tiêu<\/dt><dd>1 \/ 3</);
    // The chart plots the share the target is judged on.
    expect(res.text).toContain('Tỷ lệ mức độ 4 trên số thủ tục đủ điều kiện, theo cơ quan');
    expect(res.text).toContain(`<title>${AGENCIES.TP}: 37,5%</title>`);
    const api = (await request(app()).get('/api/coverage').expect(200)).body;
    expect(api.target).toMatchObject({ level4Pct: 50, basis: 'eligible' });
    expect(api.total).toMatchObject({ level4EligiblePct: (6 / 11) * 100, meetsTarget: true });
  });

  it('links every count to the catalogue list of exactly those offerings', async () => {
    for (const url of ['/coverage', '/coverage?tier=province', '/coverage?field=ho-tich', '/coverage?tier=commune&field=cu-tru']) {
      const res = await request(app()).get(url).expect(200);
      const links = countLinks(res.text);
      expect(links.length).toBeGreaterThan(10);
      for (const link of links) {
        expect({ url, href: link.href, total: await listTotal(link.href) }).toEqual({ url, href: link.href, total: link.count });
      }
    }
  });

  it('builds the links with the catalogue list’s filters, "level 3 or more" as level=3&level=4', async () => {
    const res = await request(app()).get('/coverage?tier=province').expect(200);
    const hrefs = countLinks(res.text).map((l) => l.href);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/procedures?agency=so-tu-phap&tier=province&view=offerings',
        '/procedures?agency=so-tu-phap&tier=province&level=3&level=4&view=offerings',
        '/procedures?agency=so-tu-phap&tier=province&portal=yes&qd411=yes&view=offerings',
        '/procedures?agency=so-tu-phap&tier=province&level=4&eligible=yes&view=offerings',
        '/procedures?tier=province&level=4&view=offerings',
      ]),
    );
  });

  it('filters by tier and field, counting an offering of several tiers under each', async () => {
    const commune = await request(app()).get('/coverage?tier=commune').expect(200);
    expect(tableRow(commune.text, 'Cộng các cơ quan').slice(0, 5)).toEqual(['2', '1', '0', '0', '1']);
    const field = await request(app()).get('/coverage?field=chung-thuc').expect(200);
    expect(tableRow(field.text, AGENCIES.TP).slice(0, 5)).toEqual(['3', '0', '3', '0', '0']);
    expect(field.text).not.toContain(AGENCIES.CA);
    expect(field.text).toContain('Đang lọc: Chứng thực.');
  });

  it('sorts by any column, either way, with aria-sort on the sorted header', async () => {
    const names = (html: string) =>
      [...html.slice(html.indexOf('<tbody>')).matchAll(/<th scope="row" class="agency-cell">([^<]+)<\/th>/g)].map((m) => m[1]).slice(0, 3);
    const byShare = await request(app()).get('/coverage').expect(200);
    expect(names(byShare.text)).toEqual([AGENCIES.CA, AGENCIES.TP, AGENCIES.BS]);
    expect(byShare.text).toMatch(/aria-sort="descending"><a href="\/coverage\?sort=level4Pct&amp;dir=asc#coverage-table">Tỷ lệ mức độ 4/);
    const byName = await request(app()).get('/coverage?sort=agency&dir=asc').expect(200);
    expect(names(byName.text)).toEqual([AGENCIES.CA, AGENCIES.TP, AGENCIES.BS]);
    const byTotal = await request(app()).get('/coverage?sort=total&dir=asc').expect(200);
    expect(names(byTotal.text)).toEqual([AGENCIES.CA, AGENCIES.BS, AGENCIES.TP]);
    expect(byTotal.text).toContain('aria-sort="ascending"><a href="/coverage?sort=total&amp;dir=desc#coverage-table">Tổng số');
    expect(byTotal.text).toContain('(sắp xếp theo Tổng số thủ tục, tăng dần)');
  });

  it('draws a labelled SVG bar chart of the level-4 shares with the target', async () => {
    const res = await request(app()).get('/coverage').expect(200);
    const svg = /<svg class="chart bar-chart"[^>]*>[\s\S]*?<\/svg>/.exec(res.text)![0];
    expect(svg).toMatch(/role="img" aria-labelledby="level4-chart-title level4-chart-desc"/);
    expect(svg).toContain('<title id="level4-chart-title">Tỷ lệ mức độ 4 theo cơ quan — 22/11/2026</title>');
    // The province's bar counts each procedure once: 6 of 13 at level 4 (46,2%); the agencies added up (7 of 19,
    // 36,8%, the figure this bar used to show) stay in the table's "Cộng các cơ quan" row.
    expect(svg).toContain(
      '<desc id="level4-chart-desc">Biểu đồ thanh: tỷ lệ mức độ 4 của 3 cơ quan, toàn tỉnh 46,2%, chỉ tiêu 30%; 2 cơ quan đạt, 1 cơ quan chưa đạt. Số liệu đầy đủ ở bảng.</desc>',
    );
    expect(svg).toMatch(/<g class="bar bar-total">\s*<title>Toàn tỉnh \(mỗi thủ tục tính một lần\): 46,2%<\/title>[\s\S]*?<rect class="bar-fill" x="0" y="\d+" width="46.15%"/);
    expect(tableRow(res.text, 'Cộng các cơ quan')[5]).toBe('36,8%');
    expect(svg).toContain('<title>UBND huyện Bình Sơn: 16,7%</title>');
    expect(svg).toMatch(/<rect class="bar-fill" x="0" y="\d+" width="16.67%"/);
    expect(svg).toContain('>Chỉ tiêu 30%</text>');
    expect(svg).not.toContain('style=');
  });

  it('explains the levels, their Decree 42/2022 names and the denominator under the table', async () => {
    const res = await request(app()).get('/coverage').expect(200);
    expect(res.text).toContain('Nghị định 43/2011/NĐ-CP');
    expect(res.text).toMatch(/Mức độ 4<\/span><\/th>\s*<td>[^<]+<\/td>\s*<td>Toàn trình<\/td>/);
    expect(res.text).toContain('số thủ tục ở mức độ 4 ÷ tổng số thủ tục còn hiệu lực');
  });

  it('speaks English with ?lang=en', async () => {
    const res = await request(app()).get('/coverage?lang=en').expect(200);
    expect(res.text).toContain('Online public-service coverage by agency');
    expect(tableRow(res.text, 'All agencies added up').slice(5, 6)).toEqual(['36.8%']);
  });

  it('marks agencies against a changed target at once, without an import', async () => {
    const agent = app();
    expect(tableRow((await request(agent).get('/coverage')).text, AGENCIES.TP).slice(-2)).toEqual(['Đạt', '0']);
    await setTarget(db.kysely, { year: 2026, level4Pct: 40, note: 'Kế hoạch thử' }, 'test', new Date());
    const res = await request(agent).get('/coverage').expect(200);
    expect(res.text).toContain('Chỉ tiêu năm 2026: ít nhất 40% thủ tục ở mức độ 4. Căn cứ: Kế hoạch thử.');
    expect(tableRow(res.text, AGENCIES.TP).slice(-2)).toEqual(['Chưa đạt', '1']);
    expect(tableRow(res.text, AGENCIES.BS).slice(-2)).toEqual(['Chưa đạt', '2']);
    // The province: 7 of 19 is 36,8%; 8 would be 42,1%.
    expect(tableRow(res.text, 'Cộng các cơ quan').slice(-2)).toEqual(['Chưa đạt', '1']);
  });

  it('shows a new import at once (the cache follows the catalogue version)', async () => {
    const agent = app();
    expect(tableRow((await request(agent).get('/coverage')).text, AGENCIES.BS)[4]).toBe('1');
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');
    expect(tableRow((await request(agent).get('/coverage')).text, AGENCIES.BS).slice(4, 6)).toEqual(['2', '33,3%']);
  });
});

describe('GET /coverage with bad parameters', () => {
  beforeEach(async () => {
    await load(db, BASE_ROWS, '2020-06-30');
  });

  it.each([
    ['at=2020-13-45', 'Ngày &#34;2020-13-45&#34; không hợp lệ', '#at'],
    ['at=2030-01-01', 'Ngày 2030-01-01 chưa tới', '#at'],
    ['sort=drop%20table', 'Không sắp xếp được theo &#34;drop table&#34;', '#coverage-table'],
    ['dir=sideways', 'Chiều sắp xếp &#34;sideways&#34; không hợp lệ', '#coverage-table'],
    ['tier=x', 'Không có cấp thực hiện &#34;x&#34;', '#tier'],
    ['field=khong-co', 'Không có lĩnh vực &#34;khong-co&#34; trong danh mục', '#field'],
    ['field=%3Cscript%3E', 'Mã lĩnh vực &#34;&lt;script&gt;&#34; không hợp lệ', '#field'],
  ])('%s: the page with status 400 and an error summary', async (query, message, anchor) => {
    const res = await request(app()).get(`/coverage?${query}`).expect(400);
    expect(res.text).toContain('<title>Lỗi: Tỷ lệ dịch vụ công trực tuyến theo cơ quan');
    expect(res.text).toContain('Có lỗi xảy ra');
    expect(res.text).toContain(`<a href="${anchor}">${message}`);
    // The rest of the page still works, without the bad parameter.
    expect(tableRow(res.text, 'Cộng các cơ quan')[0]).toBe('19');
  });

  it('answers the JSON export with 400 and the problems', async () => {
    const res = await request(app()).get('/api/coverage?at=2020-02-30&tier=x').expect(400);
    expect(res.body).toEqual({
      error: 'Có lỗi xảy ra',
      problems: [
        { param: 'tier', value: 'x', message: expect.stringContaining('Không có cấp thực hiện') },
        { param: 'at', value: '2020-02-30', message: expect.stringContaining('không hợp lệ') },
      ],
    });
  });

  it('answers the CSV export with 400 in plain text', async () => {
    const res = await request(app()).get('/coverage.csv?sort=x').expect(400);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('Không sắp xếp được theo "x"');
  });
});

describe('GET /coverage?at=', () => {
  // 31/3: Sở Tư pháp and Bình Sơn only. 30/6: Công an added; Bình Sơn's 1.000004 up to level 4. 30/9: Sở Tư pháp's
  // 1.000001 withdrawn and 1.000006 up to level 4.
  beforeEach(async () => {
    const q1 = BASE_ROWS.filter((r) => r[2] !== AGENCIES.CA);
    await load(db, q1, '2020-03-31');
    const q2 = changed(BASE_ROWS, { '1.000004': { level: 'Mức độ 4' } }, AGENCIES.BS);
    await load(db, q2, '2020-06-30');
    await load(db, changed(q2, { '1.000001': { status: 'Bãi bỏ' }, '1.000006': { level: '4' } }, AGENCIES.TP), '2020-09-30');
  });

  const province = async (query: string) => (await request(app()).get(`/api/coverage${query}`).expect(200)).body;

  it('rebuilds coverage as it stood on each date from the history', async () => {
    expect((await province('?at=2020-03-30')).total.total).toBe(0);
    const q1 = await province('?at=2020-03-31');
    expect(q1.total).toMatchObject({ total: 16, level4: 4, byLevel: { '1': 3, '2': 5, '3': 4, '4': 4 } });
    expect(q1.agencies.map((a: { agency: string }) => a.agency)).toEqual([AGENCIES.TP, AGENCIES.BS]);
    expect((await province('?at=2020-05-01')).total).toEqual(q1.total);
    const q2 = await province('?at=2020-06-30');
    expect(q2.total).toMatchObject({ total: 19, level4: 8, level3Plus: 11 });
    const q3 = await province('?at=2020-09-30');
    // 1.000001 withdrawn (was level 4), 1.000006 from level 2 to level 4.
    expect(q3.agencies.find((a: { agency: string }) => a.agency === AGENCIES.TP)).toMatchObject({ total: 9, level4: 3, byLevel: { '2': 2, '4': 3 } });
    expect(q3.asOf).toBe('2020-09-30');
    expect(q3.historical).toBe(true);
  });

  it('agrees with today’s catalogue once every import has taken effect', async () => {
    const now = await province('');
    const past = await province('?at=2026-11-22');
    expect(past.total).toEqual(now.total);
    expect(past.agencies).toEqual(now.agencies);
    expect(now.historical).toBe(false);
  });

  it('says the figures are rebuilt and does not link them to today’s catalogue list', async () => {
    const res = await request(app()).get('/coverage?at=2020-06-30').expect(200);
    expect(res.text).toContain('Số liệu tại ngày 30/06/2020, dựng lại từ lịch sử các lần nhập.');
    expect(res.text).toContain('Lần nhập gần nhất: ngày 30/06/2020');
    expect(countLinks(res.text)).toEqual([]);
    // A text field in Vietnamese order (a date input follows the browser's locale and may show mm/dd/yyyy).
    expect(res.text).toContain('<input type="text" id="at" name="at" value="30/06/2020" inputmode="numeric" placeholder="dd/mm/yyyy"');
    expect(res.text).not.toContain('type="date"');
  });

  it('reads the date as typed, day first, or as YYYY-MM-DD from an old link; an impossible date is a 400 that says so', async () => {
    const typed = await request(app()).get('/coverage?at=30/06/2020').expect(200);
    expect(typed.text).toContain('Số liệu tại ngày 30/06/2020, dựng lại từ lịch sử các lần nhập.');
    expect(typed.text).toContain('value="30/06/2020"');
    expect((await province('?at=30%2F6%2F2020')).asOf).toBe('2020-06-30');
    expect((await province('?at=2020-06-30')).asOf).toBe('2020-06-30');
    for (const bad of ['31/02/2026', '2026-13-01', '29/02/2019', '06/30/2020', '1/1/20']) {
      const page = await request(app()).get(`/coverage?at=${encodeURIComponent(bad)}`).expect(400);
      expect(page.text).toContain(`Ngày &#34;${bad}&#34; không hợp lệ. Nhập ngày dạng ngày/tháng/năm, ví dụ 30/06/2020.`);
      const json = await request(app()).get(`/api/coverage?at=${encodeURIComponent(bad)}`).set('Accept-Language', 'en').expect(400);
      expect(json.body.problems[0].param).toBe('at');
    }
  });

  it('applies the target of the date’s year, and none before the first one', async () => {
    await setTarget(db.kysely, { year: 2019, level4Pct: 10, note: undefined }, 'test', new Date());
    expect((await province('?at=2020-06-30')).target).toEqual({ year: 2020, level4Pct: 30, basis: 'all', note: 'Nghị quyết 17/NQ-CP ngày 7/3/2019', appliesToYear: 2020 });
    await db.kysely.deleteFrom('coverage_target').execute();
    const none = await province('?at=2020-06-30');
    expect(none.target).toBeNull();
    expect(none.total).toMatchObject({ meetsTarget: null, level4Needed: null });
  });
});

describe('GET /api/coverage', () => {
  it('returns the table as JSON, shares 0–100 at full precision, null where nothing to divide by', async () => {
    await load(db, BASE_ROWS, '2020-06-30');
    const res = await request(app()).get('/api/coverage?sort=agency&dir=asc').expect(200).expect('Content-Type', /json/);
    expect(res.body.asOf).toBe('2026-11-22');
    expect(res.body.target).toEqual({ year: 2020, level4Pct: 30, basis: 'all', note: 'Nghị quyết 17/NQ-CP ngày 7/3/2019', appliesToYear: 2026 });
    expect(res.body.filters).toEqual({ tier: [], field: [] });
    expect(res.body.agencies.map((a: { agencySlug: string }) => a.agencySlug)).toEqual(['cong-an-tinh-quang-ngai', 'so-tu-phap', 'ubnd-huyen-binh-son']);
    expect(res.body.agencies[2]).toEqual({
      agency: 'UBND huyện Bình Sơn',
      agencySlug: 'ubnd-huyen-binh-son',
      total: 6,
      byLevel: { '1': 1, '2': 2, '3': 2, '4': 1 },
      level4: 1,
      level4Pct: (1 / 6) * 100,
      level3Plus: 3,
      level3PlusPct: 50,
      portalIntegrated: 1,
      portalIntegratedPct: (1 / 6) * 100,
      qd411Listed: 0,
      qd411Integrated: 0,
      qd411IntegratedPct: null,
      eligible: 0,
      level4Eligible: 0,
      level4EligiblePct: null,
      meetsTarget: false,
      level4Needed: 1,
    });
    expect(res.body.total).toMatchObject({ total: 19, level4: 7, level4Pct: (7 / 19) * 100, level3Plus: 11, level4EligiblePct: (6 / 11) * 100, meetsTarget: true, level4Needed: 0 });
  });

  it('answers an empty catalogue with zeros and nulls', async () => {
    const res = await request(app()).get('/api/coverage').expect(200);
    expect(res.body.agencies).toEqual([]);
    expect(res.body.total).toMatchObject({ total: 0, level4Pct: null, level3PlusPct: null, meetsTarget: null, level4Needed: null });
  });
});

describe('GET /coverage.csv', () => {
  const csvText = async (url: string) => {
    const res = await request(app()).get(url).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
    });
    return res;
  };
  /** The National Portal's block (five columns, two shares, the 766 points, two changes) that precedes the 2011 columns. */
  const PORTAL_HEADERS =
    'Số TTHC,Số TTHC đủ điều kiện cung cấp DVC toàn trình,Số TTHC đã cung cấp DVC trực tuyến toàn trình,Số TTHC đã cung cấp DVC trực tuyến một phần,' +
    'Số TTHC chưa cung cấp DVCTT,Tỷ lệ toàn trình trên số đủ điều kiện (%),Tỷ lệ toàn trình trên tổng số TTHC (%),Điểm chỉ số 766 (thang 100),' +
    'Thay đổi so với cuối quý trước (điểm %),Thay đổi so với cuối năm trước (điểm %)';
  /** A plain line without that block: the 2011 columns as they were before it was added. */
  const withoutPortal = (line: string) => {
    const cells = parse(line, { relax_quotes: true })[0] as string[];
    return stringify([[cells[0], ...cells.slice(11)]], { record_delimiter: '' });
  };
  const portalBlock = (line: string) => (parse(line)[0] as string[]).slice(0, 11).join(',');

  it('is the same table, UTF-8 with BOM, Vietnamese headers, formula-safe (plain, for other programs)', async () => {
    await load(db, [...BASE_ROWS, ['1.000099', 'Thủ tục', '=HYPERLINK("http://x")', '4', '', 'Cấp tỉnh', '', '', '']], '2020-06-30');
    const res = await csvText('/coverage.csv?sort=agency&dir=asc&format=plain');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=ty-le-dvctt-2026-11-22.csv');
    const lines = (res.body as string).split('\r\n');
    expect(lines[0]).toBe(`\ufeffCơ quan,${PORTAL_HEADERS},` + 'Tổng số thủ tục,Mức độ 1,Mức độ 2,Mức độ 3,Mức độ 4,Tỷ lệ mức độ 4 (%),Mức độ 3 trở lên,Tỷ lệ mức độ 3 trở lên (%),' +
        'Tích hợp Cổng DVCQG,Tỷ lệ tích hợp Cổng DVCQG (%),Thuộc danh mục QĐ 411,Thuộc QĐ 411 đã tích hợp,Tỷ lệ QĐ 411 đã tích hợp (%),' +
        'Đủ điều kiện,Đủ điều kiện ở mức độ 4,Tỷ lệ mức độ 4 trên số đủ điều kiện (%),Chỉ tiêu mức độ 4 (%),Chỉ tiêu tính trên,Đánh giá,Số mức độ 4 cần thêm,Ngày số liệu',
    );
    const legacy = lines.slice(1, -1).map(withoutPortal);
    expect(legacy).toContain('UBND huyện Bình Sơn,6,1,2,2,1,16.67,3,50.00,1,16.67,0,0,,0,0,,30,tổng số thủ tục,Chưa đạt,1,2026-11-22');
    expect(legacy).toContain(`"'=HYPERLINK(""http://x"")",1,0,0,0,1,100.00,1,100.00,0,0.00,0,0,,0,0,,30,tổng số thủ tục,Đạt,0,2026-11-22`);
    // The agencies added up (offerings), then the province as the National Portal counts it, last.
    expect(legacy[legacy.length - 2]).toBe('Cộng các cơ quan,20,3,5,4,8,40.00,12,60.00,8,40.00,6,5,83.33,11,6,54.55,30,tổng số thủ tục,Đạt,0,2026-11-22');
    expect(lines.find((l) => l.startsWith('UBND huyện Bình Sơn,'))!.split(',').slice(0, 11).join(',')).toBe('UBND huyện Bình Sơn,6,0,1,2,3,,16.67,,0.00,0.00');
    expect(portalBlock(lines[lines.length - 3])).toBe('Cộng các cơ quan,20,11,8,4,8,54.55,40.00,68.2,0.00,0.00');
    // 14 procedures, each once at its best level: 1.000001–3, the police's 3 and 1.000099 toàn trình (7 of 14, 50%).
    expect(lines[lines.length - 2]).toBe('Toàn tỉnh,14,11,7,2,5,54.55,50.00,68.2,0.00,0.00,14,2,3,2,7,50.00,9,64.29,7,50.00,6,5,83.33,11,6,54.55,30,tổng số thủ tục,Đạt,0,2026-11-22');
  });

  it('for Excel set to Vietnamese by default: semicolons, decimal commas, dates dd/mm/yyyy, a BOM, formula-safe', async () => {
    await load(db, [...BASE_ROWS, ['1.000099', 'Thủ tục', '=HYPERLINK("http://x")', '4', '', 'Cấp tỉnh', '', '', '']], '2020-06-30');
    const res = await csvText('/coverage.csv?sort=agency&dir=asc');
    expect(res.status).toBe(200);
    const text = res.body as string;
    expect(text.startsWith('\ufeffCơ quan;Số TTHC;')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[lines.length - 2]).toBe('Toàn tỉnh;14;11;7;2;5;54,55;50,00;68,2;0,00;0,00;14;2;3;2;7;50,00;9;64,29;7;50,00;6;5;83,33;11;6;54,55;30;tổng số thủ tục;Đạt;0;22/11/2026');
    expect(lines).toContain(`"'=HYPERLINK(""http://x"")";1;0;1;0;0;;100,00;;0,00;0,00;1;0;0;0;1;100,00;1;100,00;0;0,00;0;0;;0;0;;30;tổng số thủ tục;Đạt;0;22/11/2026`);
    // Every line has as many cells as the header, read with the semicolon.
    const records = parse(text, { bom: true, delimiter: ';' }) as string[][];
    expect(new Set(records.map((r) => r.length)).size).toBe(1);
    const bad = await request(app()).get('/coverage.csv?format=xml').expect(400);
    expect(bad.text).toContain('Dạng tệp "xml" không hợp lệ');
  });
});

describe('GET /api/coverage, the National Portal’s measures', () => {
  it('gives the five columns per agency, the agencies added up, and the province counted per procedure', async () => {
    await load(db, BASE_ROWS, '2020-06-30');
    const body = (await request(app()).get('/api/coverage?sort=agency&dir=asc').expect(200)).body;
    expect(body.portal.agencies.map((a: { agency: string }) => a.agency)).toEqual(body.agencies.map((a: { agency: string }) => a.agency));
    expect(body.portal.agencies.find((a: { agency: string }) => a.agency === AGENCIES.TP)).toEqual({
      agency: AGENCIES.TP,
      agencySlug: 'so-tu-phap',
      total: 10,
      eligible: 8,
      fullyOnline: 3,
      partlyOnline: 2,
      notOnline: 5,
      fullOfEligiblePct: 37.5,
      fullOfAllPct: 30,
      indicator766: 46.9,
      changeSinceQuarter: 0,
      changeSinceYear: 0,
    });
    expect(body.portal.agenciesSum).toMatchObject({ total: 19, eligible: 11, fullyOnline: 7, partlyOnline: 4, notOnline: 8 });
    // 13 procedures: Bình Sơn's six are Sở Tư pháp's too; 1.000001 is toàn trình at both, counted once.
    expect(body.portal.province).toMatchObject({ total: 13, eligible: 11, fullyOnline: 6, partlyOnline: 2, notOnline: 5, fullOfAllPct: (6 / 13) * 100, level3Plus: 8 });
    expect(body.portal.province.fullOfEligiblePct).toBeCloseTo((6 / 11) * 100, 10);
  });
});
