import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { listTargets } from '../../db/target-repository';
import { Migrator } from 'kysely';
import { migrations } from '../../db/migrations';
import { createApp } from '../../server/app';
import { setTarget } from '../../server/services/target-service';
import { AGENCIES, BASE_ROWS, changed, clock, load } from '../coverage-fixtures';
import { openTestDb, testConfig } from '../helpers';

let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const app = () => createApp({ db, config: testConfig, clock, log: () => undefined });

/** A row of the National Portal's table as its cells' text, and the reason given for a "—" cell. */
function portalRow(html: string, name: string): string[] {
  const table = html.slice(html.indexOf('<table class="data coverage-table portal-table">')).split('</table>')[0];
  const row = new RegExp(`<tr[^>]*>\\s*<th scope="row" class="agency-cell">${name}</th>([\\s\\S]*?)</tr>`).exec(table);
  if (!row) throw new Error(`no row for ${name}`);
  return [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    m[1]
      .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '')
      .replace(/<span title="([^"]*)">—<\/span>/g, '— [$1]')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Portal rows of the page's table, by agency name. */
const portalNames = (html: string) =>
  [...html.slice(html.indexOf('portal-table">')).split('</tbody>')[0].matchAll(/<th scope="row" class="agency-cell">([^<]+)<\/th>/g)].map((m) => m[1]);

describe('the targets in force (migration 14)', () => {
  it('preloads 2023: 100% of eligible procedures toàn trình, plan 96/KH-UBND, and 2026 says it borrows it', async () => {
    const targets = await listTargets(db.kysely);
    expect(targets.map((t) => [t.year, t.level4Pct, t.basis])).toEqual([
      [2020, 30, 'all'],
      [2023, 100, 'eligible'],
    ]);
    await load(db, BASE_ROWS, '2026-06-30');
    const res = await request(app()).get('/coverage').expect(200);
    expect(res.text).toContain('Năm 2026 chưa có chỉ tiêu riêng; áp dụng chỉ tiêu năm 2023: ít nhất 100% thủ tục đủ điều kiện ở mức độ 4.');
    expect(res.text).toContain('Căn cứ: Kế hoạch 96/KH-UBND ngày 28/4/2023 của UBND tỉnh Quảng Ngãi');
    // A date in 2021 still borrows 2020's target, on all procedures.
    const past = await request(app()).get('/coverage?at=2021-03-01').expect(200);
    expect(past.text).toContain('Năm 2021 chưa có chỉ tiêu riêng; áp dụng chỉ tiêu năm 2020: ít nhất 30% thủ tục ở mức độ 4.');
  });

  it('never overwrites a target an administrator set for 2023, and its undo removes only its own row', async () => {
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    // Back to just before migration 14, whatever came after it.
    const names = Object.keys(migrations).sort();
    const before = names[names.indexOf('2026-12-02-14-targets-in-force') - 1];
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    expect((await listTargets(db.kysely)).map((t) => t.year)).toEqual([2020]);
    await setTarget(db.kysely, { year: 2023, level4Pct: 90, basis: 'eligible', note: 'Quyết định của tỉnh' }, 'quantri', new Date());
    await migrateToLatest(db.kysely);
    expect((await listTargets(db.kysely)).find((t) => t.year === 2023)).toMatchObject({ level4Pct: 90, note: 'Quyết định của tỉnh', updatedBy: 'quantri' });
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    expect((await listTargets(db.kysely)).find((t) => t.year === 2023)).toMatchObject({ level4Pct: 90, updatedBy: 'quantri' });
  });
});

describe('the National Portal’s measures on the dashboard', () => {
  /**
   * 31/12/2025: the base catalogue (Sở Tư pháp: 3 of 8 eligible toàn trình, 37,5%). 30/9/2026: its 1.000002 drops to
   * một phần (2 of 8, 25,0%). 15/10/2026: its 1.000001 too (1 of 8, 12,5%). Today is 22/11/2026.
   */
  beforeEach(async () => {
    await load(db, BASE_ROWS, '2025-12-31');
    const september = changed(BASE_ROWS, { '1.000002': { level: '3' } }, AGENCIES.TP);
    await load(db, september, '2026-09-30');
    await load(db, changed(september, { '1.000001': { level: '3' } }, AGENCIES.TP), '2026-10-15');
  });

  it('shows the five columns, both toàn trình shares, the 766 points and the change per agency and for the province', async () => {
    const res = await request(app()).get('/coverage').expect(200);
    // Số TTHC | eligible | toàn trình | một phần | not online | of eligible | of all | 766 | since quarter | since year
    expect(portalRow(res.text, AGENCIES.TP)).toEqual(['10', '8', '1', '4', '5', '12,5%', '10,0%', '15,6', '▼ −12,5 điểm %', '▼ −25,0 điểm %']);
    expect(portalRow(res.text, AGENCIES.CA)).toEqual(['3', '3', '3', '0', '0', '100,0%', '100,0%', '100,0', '= 0,0 điểm %', '= 0,0 điểm %']);
    const reason = 'Chưa khai báo thủ tục đủ điều kiện nên chưa tính được tỷ lệ.';
    expect(portalRow(res.text, AGENCIES.BS)).toEqual(['6', '0', '1', '2', '3', '—', '16,7%', '—', `— [${reason}]`, `— [${reason}]`]);
    // The agencies added up (each agency's procedures, 19 offerings): 4 of 11 eligible toàn trình (36,4%); it was 6 of 11
    // (54,5%) on 31/12/2025 and 5 of 11 (45,5%) on 30/9.
    expect(portalRow(res.text, 'Cộng các cơ quan')).toEqual(['19', '11', '5', '6', '8', '36,4%', '26,3%', '45,5', '▼ −9,1 điểm %', '▼ −18,1 điểm %']);
    // The province as the Portal counts it, each of the 13 procedures once at the best level an agency provides it:
    // 1.000001 is một phần at Sở Tư pháp but toàn trình at Bình Sơn, so toàn trình (5: 1.000001, 1.000003 and the
    // police's 3); một phần 1.000002, 1.000004, 1.000005 (3); not online 5. Eligible where any agency says so (11);
    // eligible and toàn trình in one offering: 1.000003 and the police's 3 (4 of 11, 36,4%); 5 of 13 of all (38,5%).
    expect(portalRow(res.text, 'Toàn tỉnh')).toEqual(['13', '11', '5', '3', '5', '36,4%', '38,5%', '45,5', '▼ −9,1 điểm %', '▼ −18,1 điểm %']);
    expect(res.text).toContain('Dòng “Toàn tỉnh” đếm mỗi thủ tục một lần như Cổng Dịch vụ công quốc gia');
    // The per-procedure row links nowhere (the list counts offerings); the sum row's counts link to their lists.
    expect(/<th scope="row" class="agency-cell">Toàn tỉnh<\/th>[\s\S]*?<\/tr>/.exec(res.text.slice(res.text.indexOf('portal-table')))![0]).not.toContain('<a ');
    expect(res.text).toContain('so với số liệu cuối quý III năm 2026 (quý trước) và cuối năm 2025 (năm trước)');
    expect(res.text).toContain('không phải văn bản chính thức; đây là cách hiểu của hệ thống');
    expect(res.text).toContain('Số TTHC đủ điều kiện cung cấp DVC toàn trình');
    expect(res.text).toContain('Số TTHC chưa cung cấp DVCTT');
    // The counts link to the list of exactly those procedures: "chưa cung cấp" is levels 1 and 2.
    expect(res.text).toContain('href="/procedures?agency=so-tu-phap&amp;level=1&amp;level=2&amp;view=offerings">5</a>');
  });

  it('sorts by the change since the previous quarter, and views the agencies below target and falling', async () => {
    const up = await request(app()).get('/coverage?sort=changeQuarter&dir=asc').expect(200);
    // Falling first; an agency with no figure ("—") last either way.
    expect(portalNames(up.text)).toEqual([AGENCIES.TP, AGENCIES.CA, AGENCIES.BS]);
    expect(up.text).toMatch(/aria-sort="ascending"><a href="\/coverage\?sort=changeQuarter&amp;dir=desc#portal-table"/);
    const down = await request(app()).get('/coverage?sort=changeQuarter&dir=desc').expect(200);
    expect(portalNames(down.text)).toEqual([AGENCIES.CA, AGENCIES.TP, AGENCIES.BS]);

    const all = await request(app()).get('/coverage').expect(200);
    expect(all.text).toContain('<a href="/coverage?view=falling#portal-table">Chỉ xem các cơ quan chưa đạt chỉ tiêu và đang giảm (1)</a>');
    const falling = await request(app()).get('/coverage?view=falling').expect(200);
    expect(portalNames(falling.text)).toEqual([AGENCIES.TP]);
    expect(falling.text).toContain('Đang xem 1 cơ quan chưa đạt chỉ tiêu và có tỷ lệ giảm so với cuối quý trước.');
    // The province stays the whole province's.
    expect(portalRow(falling.text, 'Cộng các cơ quan')[0]).toBe('19');
    expect(portalRow(falling.text, 'Toàn tỉnh')[0]).toBe('13');
    await request(app()).get('/coverage?view=xyz').expect(400);
  });

  it('shows the Portal’s columns per quarter on the trend, and the change per agency, sortable', async () => {
    const res = await request(app()).get('/coverage/trend').expect(200);
    const portal = res.text.slice(res.text.indexOf('trend-portal')).split('</table>')[0];
    const cells = (html: string, label: string) =>
      [...(new RegExp(`<th scope="row"[^>]*>${label}</th>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].trim());
    // Số TTHC | eligible | toàn trình | một phần | not online | of eligible | of all | 766 | target — the province as the
    // Portal counts it, each of the 13 procedures once.
    expect(cells(portal, 'Q4/2025')).toEqual(['13', '11', '6', '2', '5', '54,5%', '46,2%', '68,2', '100% số đủ điều kiện']);
    expect(cells(portal, 'Q3/2026')).toEqual(['13', '11', '5', '3', '5', '45,5%', '38,5%', '56,8', expect.stringContaining('100%')]);
    // The agencies added up, in a table of their own under its label (19 offerings).
    const sum = res.text.slice(res.text.indexOf('trend-portal-sum')).split('</table>')[0];
    expect(res.text.slice(0, res.text.indexOf('trend-portal-sum'))).toContain('Cộng các cơ quan theo từng kỳ');
    expect(sum).toContain('<caption>Cộng các cơ quan, theo các cột của Cổng Dịch vụ công quốc gia');
    expect(cells(sum, 'Q4/2025')).toEqual(['19', '11', '7', '4', '8', '54,5%', '36,8%', '68,2', '100% số đủ điều kiện']);
    expect(cells(sum, 'Q3/2026')).toEqual(['19', '11', '6', '5', '8', '45,5%', '31,6%', '56,8', expect.stringContaining('100%')]);
    const changes = res.text.slice(res.text.indexOf('id="trend-changes"')).split('</table>')[0];
    expect(portalNames(`portal-table">${changes}`)).toEqual([AGENCIES.TP, AGENCIES.CA, AGENCIES.BS]);
    expect(portalRow(`<table class="data coverage-table portal-table">${changes}`, AGENCIES.TP)).toEqual(['12,5%', '10,0%', '15,6', '▼ −12,5 điểm %', '▼ −25,0 điểm %']);
    const byName = await request(app()).get('/coverage/trend?sort=agency&dir=desc').expect(200);
    const named = byName.text.slice(byName.text.indexOf('id="trend-changes"')).split('</table>')[0];
    expect(portalNames(`portal-table">${named}`)).toEqual([AGENCIES.BS, AGENCIES.TP, AGENCIES.CA]);
  });

  it('shows the Portal’s columns in the quarterly report, with the change since the start of the quarter', async () => {
    const res = await request(app()).get('/coverage/report?quarter=2026-Q3').expect(200);
    const table = res.text.slice(res.text.indexOf('report-portal')).split('</table>')[0];
    const cells = (label: string) =>
      [...(new RegExp(`<th scope="row">${label}</th>([\\s\\S]*?)</tr>`).exec(table)?.[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].trim());
    // On 30/9/2026 Sở Tư pháp has 2 of 8 eligible toàn trình (25,0%), from 3 of 8 (37,5%) on 30/6.
    expect(cells(AGENCIES.TP)).toEqual(['10', '8', '2', '3', '5', '25,0%', '20,0%', '31,3', '−12,5 điểm %']);
    // The agencies added up: 5 of 11 (45,5%) from 6 of 11 (54,5%).
    expect(cells('Cộng các cơ quan')).toEqual(['19', '11', '6', '5', '8', '45,5%', '31,6%', '56,8', '−9,0 điểm %']);
    // The province, each procedure once: 13 procedures, 5 toàn trình, 3 một phần; the same 5 of 11 eligible.
    expect(cells('Toàn tỉnh')).toEqual(['13', '11', '5', '3', '5', '45,5%', '38,5%', '56,8', '−9,0 điểm %']);
  });

  it('says why there is no change on a catalogue imported once', async () => {
    const fresh = await openTestDb();
    try {
      await load(fresh, BASE_ROWS, '2026-11-01');
      const res = await request(createApp({ db: fresh, config: testConfig, clock, log: () => undefined })).get('/coverage').expect(200);
      expect(portalRow(res.text, AGENCIES.CA).slice(8)).toEqual([
        '— [Chưa có số liệu cuối quý III năm 2026: danh mục được nhập lần đầu sau đó.]',
        '— [Chưa có số liệu cuối quý IV năm 2025: danh mục được nhập lần đầu sau đó.]',
      ]);
      // Nothing can be falling without an earlier figure.
      expect(res.text).toContain('Chỉ xem các cơ quan chưa đạt chỉ tiêu và đang giảm (0)');
    } finally {
      await fresh.close();
    }
  });
});
