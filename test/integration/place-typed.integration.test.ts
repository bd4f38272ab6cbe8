/**
 * A person's place in a national-size catalogue (issue #17 item 5, at the scale of issue #14): past
 * PLACE_LIST_MAX places the list does not send them all as one choice (a page of 200 KB at 1,750 agencies); the
 * person types the name instead, accents and case aside. One match chooses it, several are offered as links, none is
 * a problem in words, and what was typed is shown back as text. Through the real app.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { PLACE_LIST_MAX } from '../../server/services/place-directory';
import { csv, fixedClock, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện'];
const NAMED = ['UBND xã Bình Châu', 'UBND xã Bình Sơn', 'UBND xã Bình Hải', 'UBND phường Trương Quang Trọng'];
// Enough other communes that the places are too many to list whole.
const OTHERS = Array.from({ length: PLACE_LIST_MAX }, (_, i) => `UBND xã Thôn ${i + 1}`);

beforeAll(async () => {
  db = await openTestDb();
  const rows = [
    ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh'],
    ...[...NAMED, ...OTHERS].map((agency) => ['1.001193', 'Đăng ký khai sinh', agency, '3', 'Hộ tịch', 'Cấp xã']),
    ['1.000894', 'Đăng ký kết hôn', 'UBND xã Bình Châu', '3', 'Hộ tịch', 'Cấp xã'],
  ];
  const report = await importFile(db, writeCsv(csv([HEAD, ...rows])), { asOf: '2026-06-30' }, clock);
  expect(report.status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

describe('more places than one list can offer', () => {
  it('asks the person to type their place instead of sending every place in the page', async () => {
    const res = await request(app).get('/procedures').expect(200);
    expect(res.text).toMatch(/<input type="search" id="place" name="place"/);
    expect(res.text).not.toContain('<select id="place"');
    expect(res.text).not.toContain('UBND xã Thôn 17<');
    expect(res.text).toContain('Gõ tên xã, phường hoặc cơ quan, ví dụ: Bình Châu (không cần dấu).');
  });

  it('chooses the one place a typed name matches, accents and case aside', async () => {
    const res = await request(app).get(`/procedures?place=${encodeURIComponent('binh CHAU')}`).expect(200);
    expect(res.text).toContain('Các thủ tục mà người ở UBND xã Bình Châu làm tại UBND xã Bình Châu hoặc tại cơ quan cấp tỉnh.');
    expect(res.text).toContain('value="UBND xã Bình Châu"');
    // Both procedures are there for a person of Bình Châu; the export links carry the place's slug, not the text.
    expect(res.text).toContain('Đăng ký kết hôn');
    expect(res.text).toMatch(/href="\/procedures\.csv\?[^"]*place=ubnd-xa-binh-chau/);
  });

  it('offers the places a name matches when it matches several, each a link to its list', async () => {
    const res = await request(app).get('/procedures?place=binh').expect(200);
    expect(res.text).toContain('Có 3 nơi có tên khớp với «binh»: chọn nơi của bạn.');
    for (const slug of ['ubnd-xa-binh-chau', 'ubnd-xa-binh-son', 'ubnd-xa-binh-hai']) expect(res.text).toMatch(new RegExp(`href="/procedures\\?[^"]*place=${slug}`));
    expect(res.text).not.toContain('Các thủ tục mà người ở');
    // Every place matches "xa": the first 20 are offered, and the page says so.
    const many = await request(app).get('/procedures?place=xa').expect(200);
    expect(many.text).toContain(`Có ${(PLACE_LIST_MAX + 3).toLocaleString('vi-VN')} nơi có tên khớp với «xa»`);
    expect(many.text).toContain('Đây là 20 nơi đầu tiên; gõ thêm chữ để thu hẹp.');
    expect((many.text.match(/<li><a href="\/procedures\?[^"]*place=/g) ?? []).length).toBe(20);
  });

  it('says in words when a typed name matches no place, and shows what was typed as text', async () => {
    const res = await request(app).get(`/procedures?place=${encodeURIComponent('<script>alert(1)</script>')}`).expect(400);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const en = await request(app).get('/procedures?lang=en&place=nowhere').expect(400);
    expect(en.text).toContain('nowhere');
    expect(en.text).toContain('Type the name of your commune, ward or agency');
  });

  it('answers the JSON with the place chosen by name, as the page does', async () => {
    const byName = await request(app).get('/api/procedures?view=procedures&place=binh+chau').expect(200);
    const bySlug = await request(app).get('/api/procedures?view=procedures&place=ubnd-xa-binh-chau').expect(200);
    expect(byName.body.total).toBe(2);
    expect(byName.body.items).toEqual(bySlug.body.items);
  });
});

describe('the trend’s agency, typed among more agencies than one choice can offer', () => {
  it('asks for the agency’s name instead of sending every agency in the page', async () => {
    const res = await request(app).get('/coverage/trend').expect(200);
    expect(res.text).toMatch(/<input type="search" id="agency" name="agency" autocomplete="off" aria-describedby="agency-hint" value="">/);
    expect(res.text).not.toContain('<select id="agency"');
    expect(res.text).toContain('Gõ tên cơ quan, ví dụ: Sở Tư pháp Quảng Ngãi (không cần dấu); để trống để chỉ vẽ toàn tỉnh.');
  });

  it('draws the one agency a typed name matches, accents and case aside, as its slug does', async () => {
    const typed = await request(app).get(`/coverage/trend?agency=${encodeURIComponent('binh CHAU')}`).expect(200);
    const bySlug = await request(app).get('/coverage/trend?agency=ubnd-xa-binh-chau').expect(200);
    const desc = (html: string) => /<desc id="trend-chart-desc">([^<]*)<\/desc>/.exec(html)![1];
    expect(desc(typed.text)).toContain('UBND xã Bình Châu: mức độ 4');
    expect(desc(typed.text)).toBe(desc(bySlug.text));
    expect(typed.text).toContain('value="UBND xã Bình Châu"');
    // The page's own links carry the slug, not what was typed.
    expect(typed.text).toMatch(/href="\/coverage\/trend\?agency=ubnd-xa-binh-chau&amp;sort=/);
  });

  it('offers the agencies a name matches when it matches several, each a link that draws it', async () => {
    const res = await request(app).get('/coverage/trend?agency=binh&tier=commune').expect(200);
    expect(res.text).toContain('Có 3 cơ quan có tên khớp với «binh»: chọn một cơ quan để vẽ.');
    for (const slug of ['ubnd-xa-binh-chau', 'ubnd-xa-binh-son', 'ubnd-xa-binh-hai']) expect(res.text).toContain(`<li><a href="/coverage/trend?tier=commune&amp;agency=${slug}">`);
    expect(res.text).not.toContain('series-agency-l4');
    const many = await request(app).get('/coverage/trend?agency=xa').expect(200);
    expect(many.text).toContain(`Có ${(PLACE_LIST_MAX + 3).toLocaleString('vi-VN')} cơ quan có tên khớp với «xa»`);
    expect(many.text).toContain('Đây là 20 cơ quan đầu tiên; gõ thêm chữ để thu hẹp.');
  });

  it('says in words when a typed name matches no agency, and shows what was typed as text', async () => {
    const res = await request(app).get(`/coverage/trend?agency=${encodeURIComponent('<script>alert(1)</script>')}`).expect(400);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('Không có cơ quan &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; trong danh mục.');
    const long = await request(app).get(`/coverage/trend?agency=${'a'.repeat(101)}`).expect(400);
    expect(long.text).toContain('quá dài (tối đa 100 ký tự)');
  });
});
