import { parse } from 'csv-parse/sync';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { setTarget } from '../../server/services/target-service';
import { AGENCIES, clock, load, loadYear as loadYearInto, only2020Target } from '../coverage-fixtures';
import { REPORT_CHANGES_SHOWN } from '../../server/coverage/coverage-pages';
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
const loadYear = () => loadYearInto(db);


/** The cells of a table row whose header cell reads `name`. */
function row(html: string, name: string, from = 0): string[] {
  const m = new RegExp(`<tr[^>]*>\\s*<th scope="row"[^>]*>${name}[\\s\\S]*?</th>([\\s\\S]*?)</tr>`).exec(html.slice(from));
  if (!m) throw new Error(`no row ${name}`);
  return [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

describe('GET /coverage/trend', () => {
  it('shows the province’s shares at the end of each quarter, each dated import in its own quarter', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/trend').expect(200);
    // 16 offerings on 31/3 (4 at level 4, 8 at level 3 or more); 19 on 30/6 (8; 11); on 30/9, one withdrawn at level 4,
    // one up from level 2 to 4 and one added at level 3: 19 (8; 12).
    // The agencies added up, by levels (after the National Portal's tables, which come first), under its own label.
    const levels = res.text.indexOf('trend-levels-sum');
    expect(res.text.slice(levels)).toMatch(/^trend-levels-sum">\s*<caption>Cộng các cơ quan theo mức độ 1–4: một thủ tục do nhiều cơ quan thực hiện được tính ở mỗi cơ quan<\/caption>/);
    expect(row(res.text, 'Q1/2020', levels)).toEqual(['31/03/2020', '16', '4', '25,0%', '8', '50,0%', '30%']);
    expect(row(res.text, 'Q2/2020', levels)).toEqual(['30/06/2020', '19', '8', '42,1%', '11', '57,9%', '30%']);
    expect(row(res.text, 'Q3/2020', levels)).toEqual(['30/09/2020', '19', '8', '42,1%', '12', '63,2%', '30%']);
    expect(row(res.text, 'Q4/2020', levels)).toEqual(row(res.text, 'Q3/2020', levels).map((c) => c.replace('30/09/2020', '31/12/2020')));
    // The quarter under way stands at today, and says so.
    expect(row(res.text, 'Q4/2026', levels)).toEqual(['22/11/2026*', '19', '8', '42,1%', '12', '63,2%', '30%']);
    expect(res.text).toContain('* (đến 22/11/2026)');
    // The province, each procedure once at the best level an agency provides it. 31/3: 10 procedures (Bình Sơn's six
    // are Sở Tư pháp's too, at the same levels), level 4 1.000001–3, level 3 1.000004–5. 30/6: the police's three at
    // level 4 and 1.000004, level 3 at Sở Tư pháp but level 4 at Bình Sơn, counted once at level 4: 13, 7, 8. 30/9:
    // 1.000001 withdrawn at Sở Tư pháp is still Bình Sơn's (level 4), 1.000006 up to level 4, the police's 1.004197 at
    // level 3: 14, 8, 10.
    const province = res.text.indexOf('trend-levels">');
    expect(province).toBeGreaterThan(-1);
    expect(province).toBeLessThan(levels);
    expect(res.text.slice(province)).toMatch(/^trend-levels">\s*<caption>Toàn tỉnh theo mức độ 1–4, mỗi thủ tục tính một lần<\/caption>/);
    expect(row(res.text, 'Q1/2020', province)).toEqual(['31/03/2020', '10', '3', '30,0%', '5', '50,0%', '30%']);
    expect(row(res.text, 'Q2/2020', province)).toEqual(['30/06/2020', '13', '7', '53,8%', '8', '61,5%', '30%']);
    expect(row(res.text, 'Q3/2020', province)).toEqual(['30/09/2020', '14', '8', '57,1%', '10', '71,4%', '30%']);
    expect(row(res.text, 'Q4/2026', province)).toEqual(['22/11/2026*', '14', '8', '57,1%', '10', '71,4%', '30%']);
  });

  it('shows each agency’s shares per quarter, "—" before it had any offering', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/trend').expect(200);
    const l4 = res.text.indexOf('Tỷ lệ mức độ 4 theo cơ quan');
    const l3 = res.text.indexOf('Tỷ lệ mức độ 3 trở lên theo cơ quan');
    expect(row(res.text, AGENCIES.CA, l4).slice(0, 3)).toEqual(['—', '100,0%', '75,0%']);
    expect(row(res.text, AGENCIES.TP, l4).slice(0, 3)).toEqual(['30,0%', '30,0%', '33,3%']);
    expect(row(res.text, AGENCIES.BS, l3).slice(0, 3)).toEqual(['50,0%', '50,0%', '50,0%']);
    // Below the agencies, the agencies added up and the province (each procedure once), each labelled.
    expect(row(res.text, 'Cộng các cơ quan', l4).slice(0, 3)).toEqual(['25,0%', '42,1%', '42,1%']);
    expect(row(res.text, 'Toàn tỉnh', l4).slice(0, 3)).toEqual(['30,0%', '53,8%', '57,1%']);
    expect(row(res.text, 'Cộng các cơ quan', l3).slice(0, 3)).toEqual(['50,0%', '57,9%', '63,2%']);
    expect(row(res.text, 'Toàn tỉnh', l3).slice(0, 3)).toEqual(['50,0%', '61,5%', '71,4%']);
  });

  it('draws a labelled SVG line chart, with an agency’s lines when one is chosen', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/trend?agency=so-tu-phap').expect(200);
    const svg = /<svg class="chart line-chart"[^>]*>[\s\S]*?<\/svg>/.exec(res.text)![0];
    expect(svg).toContain('role="img" aria-labelledby="trend-chart-title trend-chart-desc"');
    expect(svg).toContain('<title id="trend-chart-title">Tỷ lệ mức độ 4 và mức độ 3 trở lên, Q1/2020 – Q4/2026</title>');
    // The province's lines count each procedure once (the agencies added up, 25,0% → 42,1% at level 4 and 50,0% →
    // 63,2% at level 3 or above, which these lines used to draw, are in the "Cộng các cơ quan" table).
    expect(svg).toContain(
      '<desc id="trend-chart-desc">Biểu đồ đường. Toàn tỉnh: mức độ 4 từ 30,0% đến 57,1%; mức độ 3 trở lên từ 50,0% đến 71,4%. Sở Tư pháp: mức độ 4 từ 30,0% đến 33,3%. Số liệu đầy đủ ở bảng.</desc>',
    );
    expect(svg).toContain('<g class="series series-agency-l4">');
    expect(svg).toContain('<title>Toàn tỉnh — mức độ 4, Q2/2020: 53,8%</title>');
    const sum = res.text.indexOf('trend-levels-sum');
    expect([row(res.text, 'Q1/2020', sum)[3], row(res.text, 'Q4/2026', sum)[3]]).toEqual(['25,0%', '42,1%']);
    expect([row(res.text, 'Q1/2020', sum)[5], row(res.text, 'Q4/2026', sum)[5]]).toEqual(['50,0%', '63,2%']);
    expect(svg).not.toContain('style=');
    expect(res.text).toContain('<option value="so-tu-phap" selected>');
  });

  it('shows a point per import date with period=import', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/trend?period=import').expect(200);
    const levels = res.text.indexOf('trend-levels-sum');
    expect(row(res.text, '15/08/2020', levels)).toEqual(['15/08/2020', '19', '9', '47,4%', '12', '63,2%', '30%']);
    // The province on 15/8: 1.000006 up to level 4 at Sở Tư pháp makes 8 of 13 at level 4, 9 at level 3 or above.
    expect(row(res.text, '15/08/2020', res.text.indexOf('trend-levels">'))).toEqual(['15/08/2020', '13', '8', '61,5%', '9', '69,2%', '30%']);
    expect([...res.text.slice(levels).matchAll(/<th scope="row">(\d\d\/\d\d\/\d{4})<\/th>/g)].map((m) => m[1])).toEqual([
      '31/03/2020',
      '30/06/2020',
      '15/08/2020',
      '30/09/2020',
    ]);
  });

  it.each([
    ['period=weekly', 'Kỳ &#34;weekly&#34; không hợp lệ'],
    ['agency=khong-co', 'Không có cơ quan &#34;khong-co&#34; trong danh mục'],
    ['tier=village', 'Không có cấp thực hiện &#34;village&#34;'],
  ])('%s: status 400 with an error summary', async (query, message) => {
    await loadYear();
    const res = await request(app()).get(`/coverage/trend?${query}`).expect(400);
    expect(res.text).toContain('Có lỗi xảy ra');
    expect(res.text).toContain(message);
    expect(res.text).toContain('<svg class="chart line-chart"');
  });

  it('with a target on the eligible basis, draws the eligible share beside it and says what the target counts', async () => {
    await loadYear();
    await setTarget(db.kysely, { year: 2020, level4Pct: 100, basis: 'eligible', note: undefined }, 'test', new Date());
    const trend = (await request(app()).get('/coverage/trend').expect(200)).text;
    expect(trend).toContain('Toàn tỉnh — mức độ 4 trên số đủ điều kiện');
    expect(trend).toContain('100% số đủ điều kiện');
    const report = (await request(app()).get('/coverage/report?quarter=2020-Q3').expect(200)).text;
    expect(report).toContain('ít nhất 100% thủ tục đủ điều kiện ở mức độ 4');
    expect(row(report, 'Chỉ tiêu mức độ 4')[1]).toMatch(/^100% số đủ điều kiện (Đạt|Chưa đạt)$/);
  });

  it('says there is nothing to draw on an empty catalogue', async () => {
    const res = await request(app()).get('/coverage/trend').expect(200);
    expect(res.text).toContain('Chưa có lịch sử nhập để vẽ xu hướng.');
    expect(res.text).not.toContain('<svg class="chart');
  });
});

describe('GET /coverage/report', () => {
  it('reports a quarter with changes: results against the target, what changed, the gaps and the data date', async () => {
    await loadYear();
    await setTarget(db.kysely, { year: 2020, level4Pct: 40, note: undefined }, 'test', new Date());
    const res = await request(app()).get('/coverage/report?quarter=2020-Q3').expect(200);
    const html = res.text;
    expect(html).toContain('<p class="report-period">Quý III năm 2020</p>');
    expect(html).toContain('Số liệu tính đến ngày 30/09/2020. Lần nhập danh mục gần nhất trước ngày đó: ngày 30/09/2020');

    // I. Results: start of the quarter (30/6) against its end (30/9). The province first, each procedure once at the
    // best level an agency provides it: 13 procedures on 30/6 (7 at level 4, 1.000004 by Bình Sơn; 8 at level 3 or
    // above), 14 on 30/9 (1.000001, withdrawn at Sở Tư pháp, is still Bình Sơn's at level 4; 1.000006 up to level 4;
    // the police's 1.004197 at level 3). Integrated where any offering is: 1.000001, 2, 4, 5 and the police's three (7),
    // then with the police's new one (8). QĐ 411: 1.000001, 2, 4, 6 and two of the police's (6), then 5 (Bình Sơn's
    // 1.000001 is not listed), integrated 5 then 4.
    expect(html).toContain('Mỗi thủ tục tính một lần, ở mức tốt nhất mà một cơ quan của tỉnh cung cấp');
    expect(row(html, 'Tổng số thủ tục còn hiệu lực')).toEqual(['13', '14', '+1']);
    expect(row(html, 'Mức độ 3 trở lên')).toEqual(['8 (61,5%)', '10 (71,4%)', '+9,9 điểm %']);
    expect(row(html, 'Mức độ 4')).toEqual(['7 (53,8%)', '8 (57,1%)', '+3,3 điểm %']);
    expect(row(html, 'Chỉ tiêu mức độ 4')).toEqual(['40% Đạt', '40% Đạt', '']);
    expect(row(html, 'Tích hợp Cổng DVCQG')).toEqual(['7 (53,8%)', '8 (57,1%)', '+3,3 điểm %']);
    expect(row(html, 'Thuộc danh mục QĐ 411')).toEqual(['6', '5', '−1']);
    expect(row(html, 'Thuộc QĐ 411 đã tích hợp')).toEqual(['5 (83,3%)', '4 (80,0%)', '−3,3 điểm %']);
    expect(row(html, 'Cơ quan đạt chỉ tiêu')).toEqual(['1 / 3', '1 / 3', '0']);
    // Then the agencies added up, under their own heading: 19 offerings at both dates.
    const sum = html.indexOf('id="agencies-sum"');
    expect(sum).toBeGreaterThan(html.indexOf('Cơ quan đạt chỉ tiêu'));
    expect(html.slice(sum)).toMatch(/^id="agencies-sum">Cộng các cơ quan<\/h4>/);
    expect(row(html, 'Tổng số thủ tục còn hiệu lực', sum)).toEqual(['19', '19', '0']);
    expect(row(html, 'Mức độ 3 trở lên', sum)).toEqual(['11 (57,9%)', '12 (63,2%)', '+5,3 điểm %']);
    expect(row(html, 'Mức độ 4', sum)).toEqual(['8 (42,1%)', '8 (42,1%)', '0,0 điểm %']);
    expect(row(html, 'Chỉ tiêu mức độ 4', sum)).toEqual(['40% Đạt', '40% Đạt', '']);
    expect(row(html, 'Tích hợp Cổng DVCQG', sum)).toEqual(['8 (42,1%)', '9 (47,4%)', '+5,3 điểm %']);
    expect(row(html, AGENCIES.TP, html.indexOf('2. Theo cơ quan'))).toEqual(['9', '5 (55,6%)', '3 (33,3%)', '+3,3 điểm %', '3 (33,3%)', 'Chưa đạt']);
    // The table by agency ends with the agencies added up, then the province.
    expect(row(html, 'Cộng các cơ quan', html.indexOf('2. Theo cơ quan'))).toEqual(['19', '12 (63,2%)', '8 (42,1%)', '0,0 điểm %', '9 (47,4%)', 'Đạt']);
    expect(row(html, 'Toàn tỉnh', html.indexOf('2. Theo cơ quan'))).toEqual(['14', '10 (71,4%)', '8 (57,1%)', '+3,3 điểm %', '8 (57,1%)', 'Đạt']);

    // II. What changed, with the state at the start and the date of the change.
    const reached = html.slice(html.indexOf('id="reachedLevel4"'), html.indexOf('id="newlyIntegrated"'));
    expect(reached).toMatch(/<td>Sở Tư pháp<\/td>\s*<td class="code">1.000006<\/td>\s*<th scope="row" class="procedure-name">Chứng thực bản sao<\/th>\s*<td>Mức độ 2<\/td>\s*<td class="num">15\/08\/2020<\/td>/);
    expect(reached).toContain('Tổng cộng: 1 thủ tục.');
    const integrated = html.slice(html.indexOf('id="newlyIntegrated"'), html.indexOf('id="withdrawn"'));
    expect(integrated).toMatch(/<td>UBND huyện Bình Sơn<\/td>\s*<td class="code">1.000004<\/td>[\s\S]*?<td>Chưa tích hợp<\/td>\s*<td class="num">30\/09\/2020<\/td>/);
    const withdrawn = html.slice(html.indexOf('id="withdrawn"'), html.indexOf('id="s3"'));
    expect(withdrawn).toMatch(/<td class="code">1.000001<\/td>\s*<th scope="row" class="procedure-name">Đăng ký khai sinh<\/th>\s*<td>Mức độ 4<\/td>/);
    expect(html).toContain('Trong quý có 1 thủ tục mới đưa vào danh mục; trong đó 0 thủ tục ở mức độ 4 và 1 thủ tục đã tích hợp Cổng DVCQG.');
    expect(reached).not.toContain('1.004197');

    // III. Gaps: agencies below 40% and how many more level-4 offerings each needs.
    expect(html).toContain('2 cơ quan chưa đạt chỉ tiêu 40%; cần thêm tổng cộng 2 thủ tục mức độ 4.');
    const gaps = html.slice(html.indexOf('id="s3"'));
    expect(row(gaps, AGENCIES.TP)).toEqual(['9', '3 (33,3%)', '6', '1']);
    expect(row(gaps, AGENCIES.BS)).toEqual(['6', '2 (33,3%)', '4', '1']);
  });

  it('shows the first offerings of a long list of changes, and says the workbook holds them all', async () => {
    const n = REPORT_CHANGES_SHOWN + 20;
    const rows = (level: string) =>
      Array.from({ length: n }, (_, i) => [`1.${String(100000 + i)}`, `Thủ tục số ${i}`, AGENCIES.TP, level, 'Hộ tịch', 'Cấp tỉnh', 'Có', '', 'Có'] as [string, string, string, string, string, string, string, string, string]);
    await load(db, rows('2'), '2020-03-31');
    await load(db, rows('4'), '2020-06-30');
    const html = (await request(app()).get('/coverage/report?quarter=2020-Q2').expect(200)).text;
    const reached = html.slice(html.indexOf('id="reachedLevel4"'), html.indexOf('id="newlyIntegrated"'));
    expect(reached).toContain(`Tổng cộng: ${n} thủ tục. Trang này hiện ${REPORT_CHANGES_SHOWN} thủ tục đầu tiên; danh sách đầy đủ có trong tệp <a href="/coverage/report.xlsx?quarter=2020-Q2" download>Excel (.xlsx)</a>.`);
    expect(reached.match(/<td class="code">/g)).toHaveLength(REPORT_CHANGES_SHOWN);
  });

  it('says a quarter without changes had none', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/report?quarter=2021-Q1').expect(200);
    expect(res.text.match(/<p>Không có\.<\/p>/g)).toHaveLength(3);
    expect(res.text).toContain('Tất cả các cơ quan đều đạt chỉ tiêu.');
  });

  it('shows the quarter under way, to date, when none is asked for', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/report').expect(200);
    expect(res.text).toContain('Quý IV năm 2026');
    expect(res.text).toContain('Quý chưa kết thúc: số liệu tính đến ngày 22/11/2026.');
    expect(res.text).toContain('<option value="2020-Q1">Quý I năm 2020</option>');
  });

  it.each([
    ['quarter=2020-Q5', 'Quý &#34;2020-Q5&#34; không hợp lệ'],
    ['quarter=drop%20table', 'Quý &#34;drop table&#34; không hợp lệ'],
    ['quarter=2027-Q1', 'Quý 2027-Q1 chưa bắt đầu'],
  ])('%s: status 400 with an error summary and the current quarter', async (query, message) => {
    const res = await request(app()).get(`/coverage/report?${query}`).expect(400);
    expect(res.text).toContain('Có lỗi xảy ra');
    expect(res.text).toContain(`<a href="#quarter">${message}`);
    expect(res.text).toContain('Quý IV năm 2026');
  });

  it('is made for paper: an A4 print stylesheet that hides the navigation and forms', async () => {
    const css = (await request(app()).get('/static/site.css').expect(200)).text;
    const print = css.slice(css.lastIndexOf('@media print'));
    expect(print).toContain('size: A4');
    expect(print).toMatch(/\.site-nav, \.section-nav, \.no-print, \.filters/);
    expect(print).toContain('table.data thead { display: table-header-group; }');
  });
});

describe('GET /coverage/report.csv', () => {
  /** The CSV as records keyed by header, after checking what Excel needs: a BOM and CRLF line ends. */
  function records(text: string): Record<string, string>[] {
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('\r\n');
    return parse(text, { bom: true, columns: true }) as Record<string, string>[];
  }

  it('gives the report’s table by agency, start and end of the quarter side by side, the province last', async () => {
    await loadYear();
    await setTarget(db.kysely, { year: 2020, level4Pct: 40, note: undefined }, 'test', new Date());
    const res = await request(app()).get('/coverage/report.csv?quarter=2020-Q3&format=plain').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=bao-cao-dvctt-2020-Q3.csv');
    const rows = records(res.text);
    // The agencies added up, then the province as the National Portal counts it (each procedure once), last.
    expect(rows.map((r) => r['Cơ quan'])).toEqual([AGENCIES.CA, AGENCIES.TP, AGENCIES.BS, 'Cộng các cơ quan', 'Toàn tỉnh']);
    // The same figures as the page: Sở Tư pháp from 3 of 10 at level 4 to 3 of 9 (one withdrawn), +3.3 points.
    expect(rows[1]).toMatchObject({
      'Quý': '2020-Q3',
      'Số liệu đầu quý ngày': '2020-06-30',
      'Số liệu cuối quý ngày': '2020-09-30',
      'Tổng số thủ tục đầu quý': '10',
      'Tổng số thủ tục cuối quý': '9',
      'Mức độ 3 trở lên cuối quý': '5',
      'Tỷ lệ mức độ 3 trở lên (%) cuối quý': '55.56',
      'Mức độ 4 đầu quý': '3',
      'Tỷ lệ mức độ 4 (%) đầu quý': '30.00',
      'Mức độ 4 cuối quý': '3',
      'Tỷ lệ mức độ 4 (%) cuối quý': '33.33',
      'Thay đổi tỷ lệ mức độ 4 (điểm %)': '3.33',
      'Tích hợp Cổng DVCQG cuối quý': '3',
      'Chỉ tiêu mức độ 4 (%)': '40',
      'Đánh giá cuối quý': 'Chưa đạt',
      'Số mức độ 4 cần thêm cuối quý': '1',
      'Cơ quan mới trong quý': '',
    });
    expect(rows[3]).toMatchObject({ 'Tổng số thủ tục đầu quý': '19', 'Tổng số thủ tục cuối quý': '19', 'Tỷ lệ mức độ 4 (%) cuối quý': '42.11', 'Thay đổi tỷ lệ mức độ 4 (điểm %)': '0.00' });
    // The National Portal's columns at the end of the quarter: Sở Tư pháp 3 of 7 eligible toàn trình (2 of 8 on 30/6).
    expect(rows[1]).toMatchObject({
      'Số TTHC cuối quý': '9',
      'Số TTHC đủ điều kiện cung cấp DVC toàn trình cuối quý': '7',
      'Số TTHC đã cung cấp DVC trực tuyến toàn trình cuối quý': '3',
      'Số TTHC đã cung cấp DVC trực tuyến một phần cuối quý': '2',
      'Số TTHC chưa cung cấp DVCTT cuối quý': '4',
      'Tỷ lệ toàn trình trên số đủ điều kiện (%) cuối quý': '42.86',
      'Tỷ lệ toàn trình trên tổng số TTHC (%) cuối quý': '33.33',
      'Điểm chỉ số 766 (thang 100) cuối quý': '53.6',
    });
    // The province: 14 procedures, each once (Bình Sơn's 1.000001 and 1.000004 make them toàn trình).
    expect(rows[4]).toMatchObject({ 'Số TTHC cuối quý': '14', 'Số TTHC đã cung cấp DVC trực tuyến toàn trình cuối quý': '8', 'Tỷ lệ toàn trình trên tổng số TTHC (%) cuối quý': '57.14', 'Tổng số thủ tục cuối quý': '14' });
    // For Excel set to Vietnamese, by default: the same table with semicolons, decimal commas and dates dd/mm/yyyy.
    const vi = (await request(app()).get('/coverage/report.csv?quarter=2020-Q3').expect(200)).text;
    const viRows = parse(vi, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(viRows[1]).toMatchObject({ 'Số liệu cuối quý ngày': '30/09/2020', 'Tỷ lệ mức độ 4 (%) cuối quý': '33,33', 'Điểm chỉ số 766 (thang 100) cuối quý': '53,6' });
  });

  it('marks an agency new in the quarter, with nothing at its start', async () => {
    await loadYear();
    const rows = records((await request(app()).get('/coverage/report.csv?quarter=2020-Q2&format=plain').expect(200)).text);
    const police = rows.find((r) => r['Cơ quan'] === AGENCIES.CA)!;
    expect(police).toMatchObject({ 'Cơ quan mới trong quý': 'Có', 'Tổng số thủ tục đầu quý': '', 'Mức độ 4 đầu quý': '', 'Thay đổi tỷ lệ mức độ 4 (điểm %)': '' });
  });

  it('is linked from the report page, for the quarter shown', async () => {
    await loadYear();
    const res = await request(app()).get('/coverage/report?quarter=2020-Q3').expect(200);
    expect(res.text).toContain('<a href="/coverage/report.csv?quarter=2020-Q3" download>');
  });

  it.each([
    ['quarter=2020-Q5', 'Quý "2020-Q5" không hợp lệ'],
    ['quarter=2027-Q1', 'Quý 2027-Q1 chưa bắt đầu'],
  ])('%s: status 400 and the problem as text, no file', async (query, message) => {
    const res = await request(app()).get(`/coverage/report.csv?${query}`).expect(400);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.text).toContain(message);
  });
});
