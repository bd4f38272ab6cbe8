/**
 * Issue #17, item 8 and the coverage pages' links: since 1/7/2025 the province has two tiers, so the list's tier
 * filter and /coverage offer the district tier only when the catalogue holds district offerings, labelled as
 * history; and a count on /coverage, which counts offerings, leads to the list of offerings (view=offerings),
 * whose page shows the same number. Runs on SQLite and on PostgreSQL.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
afterEach(async () => {
  await db.close();
});

async function appWith(rows: string[][]) {
  db = await openTestDb();
  const report = await importFile(db, writeCsv(csv([HEADER, ...rows])), { runBy: 'test' }, clock);
  expect(report.status).toBe('imported');
  return createApp({ db, config: testConfig, clock, log: () => undefined });
}

const PRESENT = [
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''],
  ['1.001612', 'Đăng ký khai sinh', 'UBND phường Cẩm Thành', 'Mức độ 4', 'Hộ tịch', 'Cấp xã', 'Có', ''],
  ['1.001613', 'Đăng ký kết hôn', 'UBND phường Cẩm Thành', 'Mức độ 3', 'Hộ tịch', 'Cấp xã', 'Không', ''],
];
const DISTRICT_HISTORY = ['1.001612', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', 'Mức độ 3', 'Hộ tịch', 'Cấp huyện', 'Không', 'Bãi bỏ'];

const tierOptions = (html: string) => [...html.matchAll(/<option value="(central|province|district|commune|other)"[^>]*>([^<]*)<\/option>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe('the tier filter follows the present structure', () => {
  it('offers no district tier on /coverage, its trend or the list when no offering has it', async () => {
    const app = await appWith(PRESENT);
    expect(tierOptions((await request(app).get('/coverage').expect(200)).text)).toEqual(['province: Cấp tỉnh', 'commune: Cấp xã']);
    expect(tierOptions((await request(app).get('/coverage/trend').expect(200)).text)).toEqual(['province: Cấp tỉnh', 'commune: Cấp xã']);
    const list = await request(app).get('/procedures?status=all').expect(200);
    expect(list.text).not.toMatch(/[?&;]tier=district/);
    // Asked for anyway (an old link), it stays chosen on the form.
    expect(tierOptions((await request(app).get('/coverage?tier=district').expect(200)).text)).toEqual(['province: Cấp tỉnh', 'district: Cấp huyện (trước 1/7/2025)', 'commune: Cấp xã']);
  });

  it('offers the district tier, labelled as history, when withdrawn district offerings are kept', async () => {
    const app = await appWith([...PRESENT, DISTRICT_HISTORY]);
    expect(tierOptions((await request(app).get('/coverage').expect(200)).text)).toEqual(['province: Cấp tỉnh', 'district: Cấp huyện (trước 1/7/2025)', 'commune: Cấp xã']);
    expect(tierOptions((await request(app).get('/coverage?lang=en').expect(200)).text)).toContain('district: District (before 1/7/2025)');
    const withdrawn = await request(app).get('/procedures?status=withdrawn').expect(200);
    expect(withdrawn.text).toMatch(/tier=district[^"]*"[^>]*>\s*(<[^>]+>\s*)*Cấp huyện \(trước 1\/7\/2025\)/);
    const english = await request(app).get('/procedures?status=withdrawn&lang=en').expect(200);
    expect(english.text).toContain('District (before 1/7/2025)');
    // The current list has no district offering, so its facet does not offer the tier.
    expect((await request(app).get('/procedures').expect(200)).text).not.toMatch(/[?&;]tier=district/);
  });
});

describe('a count on /coverage leads to a list showing that count', () => {
  it('links to the offerings view, whose page says the same number the dashboard did', async () => {
    const app = await appWith(PRESENT);
    const page = await request(app).get('/coverage').expect(200);
    const links = [...page.text.matchAll(/<a href="(\/procedures\?[^"]*)">([\d.]+)<\/a>/g)].map((m) => ({ href: m[1].replace(/&amp;/g, '&'), count: Number(m[2]) }));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(link.href).toMatch(/[?&]view=offerings(&|$)/);
    // "Đăng ký khai sinh" is carried by two agencies: the level-4 count of the agencies added up is 2 offerings, one procedure.
    const level4 = links.find((l) => l.href === '/procedures?level=4&view=offerings');
    expect(level4?.count).toBe(2);
    const list = await request(app).get(level4!.href).expect(200);
    expect(list.text).toContain('Hiển thị 1–2 trong 2 kết quả');
    // The grouped default would have shown one procedure: the number the link must not promise.
    expect((await request(app).get('/procedures?level=4').expect(200)).text).toContain('trong 1 kết quả (thủ tục)');
  });
});
