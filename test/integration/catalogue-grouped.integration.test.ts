/**
 * Results for a person (issue #17 item 5): the public list shows one row per procedure (how many agencies,
 * the best level, the National Portal), a place narrows each procedure to the agency that serves it (the
 * commune's own, else the province's), the per-offering table stays for staff and `view=offerings`, and a bad
 * view or an unknown place is refused with 400 in the reader's language. Through the real app.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csv, fixedClock, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG'];
const ROWS = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có'],
  ['1.001193', 'Đăng ký khai sinh', 'UBND xã Bình Châu', '2', 'Hộ tịch', 'Cấp xã', 'Không'],
  ['1.001193', 'Đăng ký khai sinh', 'UBND xã Tịnh Kỳ', '3', 'Hộ tịch', 'Cấp xã', 'Không'],
  ['1.000894', 'Đăng ký kết hôn', 'UBND xã Bình Châu', '3', 'Hộ tịch', 'Cấp xã', 'Không'],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3', 'Hoạt động xây dựng', 'Cấp tỉnh', 'Không'],
];

beforeAll(async () => {
  db = await openTestDb();
  const report = await importFile(db, writeCsv(csv([HEAD, ...ROWS])), { asOf: '2020-06-30' }, clock);
  expect(report.status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

type Group = { code: string; name: string; agencies: number; bestLevel: number; portalIntegrated: boolean; serving?: { agency: string; level: number }[] };

describe('one row per procedure', () => {
  it('shows each procedure once, with how many agencies carry it, the best level and the Portal', async () => {
    const res = await request(app).get('/procedures').expect(200);
    expect(res.text).toContain('Hiển thị 1–3 trong 3 kết quả (thủ tục), ứng với 5 lượt cung cấp');
    expect(res.text.match(/<a href="\/procedures\/1\.001193">Đăng ký khai sinh<\/a>/g)).toHaveLength(1);
    expect(res.text).toContain('3 cơ quan thực hiện');
    expect(res.text).toContain('Số bên cạnh mỗi mục là số thủ tục.');
    // The field facet counts procedures: Hộ tịch has two (four offerings).
    expect(res.text).toMatch(/<span class="facet-label">Hộ tịch<\/span>\s*<span class="facet-count">2<\/span>/);
  });

  it('gives the grouped shape as JSON with view=procedures, and offerings by default as before', async () => {
    const grouped = await request(app).get('/api/procedures?view=procedures&sort=-agency').expect(200);
    expect(grouped.body).toMatchObject({ view: 'procedures', total: 3, offerings: 5 });
    const items = grouped.body.items as Group[];
    expect(items.map((g) => [g.code, g.agencies, g.bestLevel, g.portalIntegrated])).toEqual([
      ['1.001193', 3, 4, true],
      // Ties by name ("Cấp…" before "Đăng…").
      ['2.000908', 1, 3, false],
      ['1.000894', 1, 3, false],
    ]);
    const plain = await request(app).get('/api/procedures').expect(200);
    expect(plain.body.total).toBe(5);
    expect(plain.body.items[0]).toHaveProperty('agency');
  });

  it('pages and sorts the procedures', async () => {
    const second = await request(app).get('/api/procedures?view=procedures&pageSize=10&sort=code').expect(200);
    expect((second.body.items as Group[]).map((g) => g.code)).toEqual(['1.000894', '1.001193', '2.000908']);
    const res = await request(app).get('/procedures?sort=-level').expect(200);
    expect(res.text.indexOf('Đăng ký khai sinh')).toBeLessThan(res.text.indexOf('Cấp giấy phép xây dựng'));
  });

  it('keeps the per-offering table for view=offerings, counted in offerings', async () => {
    const res = await request(app).get('/procedures?view=offerings').expect(200);
    expect(res.text).toContain('Hiển thị 1–5 trong 5 kết quả');
    expect(res.text.match(/<a href="\/procedures\/1\.001193">Đăng ký khai sinh<\/a>/g)).toHaveLength(3);
    expect(res.text).toContain('Số bên cạnh mỗi mục là số lượt cung cấp.');
  });
});

describe('a place', () => {
  it('narrows each procedure to the commune that carries it, else to the province', async () => {
    const res = await request(app).get('/api/procedures?view=procedures&place=ubnd-xa-tinh-ky').expect(200);
    const items = res.body.items as Group[];
    expect(items.map((g) => [g.code, (g.serving ?? []).map((o) => o.agency)])).toEqual([
      ['2.000908', ['Sở Xây dựng']],
      ['1.001193', ['UBND xã Tịnh Kỳ']],
    ]);
    const page = await request(app).get('/procedures?place=ubnd-xa-tinh-ky').expect(200);
    expect(page.text).toContain('Các thủ tục mà người ở UBND xã Tịnh Kỳ làm tại UBND xã Tịnh Kỳ hoặc tại cơ quan cấp tỉnh.');
    expect(page.text).toContain('<option value="ubnd-xa-tinh-ky" selected>UBND xã Tịnh Kỳ</option>');
    expect(page.text).toMatch(/<optgroup label="Cấp xã">/);
    expect(page.text).toContain('href="/procedures/1.001193?place=ubnd-xa-tinh-ky"');
  });

  it('marks the agency that serves the place on the procedure page', async () => {
    const res = await request(app).get('/procedures/1.001193?place=ubnd-xa-binh-chau').expect(200);
    expect(res.text).toContain('Nơi phục vụ người ở UBND xã Bình Châu được đánh dấu');
    expect(res.text.match(/class="serves-place"/g)).toHaveLength(1);
  });

  it('refuses a bad view or an unknown place with 400, in the reader’s language', async () => {
    const bad = await request(app).get('/procedures?view=x').expect(400);
    expect(bad.text).toContain('Giá trị &#34;x&#34; của tham số cách xem không hợp lệ');
    const unknown = await request(app).get('/procedures?place=khong-co&lang=en').expect(400);
    expect(unknown.text).toContain('place');
    expect(unknown.text).toContain('khong-co');
    const json = await request(app).get('/api/procedures?place=khong-co').expect(400);
    expect(json.body.problems[0]).toMatchObject({ param: 'place', reason: 'unknown' });
    await request(app).get('/procedures/1.001193?place=khong-co').expect(400);
    await request(app).get('/procedures.csv?place=khong-co').expect(400);
  });
});
