/**
 * Search as people type (issue #17, item 4): i/y spellings, everyday words and "did you mean", the same in the
 * page, the JSON and the CSV. Real procedure names (test/fixtures/dvcqg-spelling-names.json and the sample's).
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import real from '../fixtures/dvcqg-spelling-names.json';
import { csv, fixedClock, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ'];
const CITIZEN = [
  ['1.001193', 'Đăng ký khai sinh', 'UBND xã Bình Châu'],
  ['1.001193', 'Đăng ký khai sinh', 'UBND phường Trương Quang Trọng'],
  ['1.004884', 'Đăng ký lại khai sinh', 'UBND xã Bình Châu'],
  ['2.000488', 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam', 'Sở Tư pháp'],
  ['1.009972', 'Cấp giấy phép xây dựng mới đối với công trình cấp III', 'Sở Xây dựng'],
  ['1.002804', 'Đổi giấy phép lái xe', 'Sở Xây dựng'],
  ['1.002835', 'Cấp lại giấy phép lái xe', 'Sở Xây dựng'],
  ['1.004194', 'Đăng ký thường trú', 'Công an xã Bình Châu'],
];

beforeAll(async () => {
  db = await openTestDb();
  const rows = [
    ...CITIZEN.map((r) => [...r, '3']),
    ...real.procedures.filter((p) => !CITIZEN.some((c) => c[0] === p.code)).map((p) => [p.code, p.name, 'Sở Khoa học và Công nghệ', '2']),
  ];
  const report = await importFile(db, writeCsv(csv([HEAD, ...rows])), { asOf: '2026-06-30' }, clock);
  expect(report.status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

async function found(q: string) {
  const json = await request(app).get(`/api/procedures?q=${encodeURIComponent(q)}&pageSize=200`).expect(200);
  const body = json.body as { total: number; items: { code: string; agency: string }[] };
  const exported = await request(app).get(`/procedures.csv?q=${encodeURIComponent(q)}`).expect(200);
  const csvRows = exported.text.replace(/^\ufeff/, '').trim().split(/\r?\n/).length - 1;
  const page = await request(app).get(`/procedures?view=offerings&q=${encodeURIComponent(q)}`).expect(200);
  const shown = (page.text.match(/<td class="col-code">/g) ?? []).length;
  // The page, its JSON and its CSV mean the same.
  expect([q, csvRows, Math.min(body.total, 50)]).toEqual([q, body.total, shown]);
  return body.items.map((i) => `${i.code} ${i.agency}`).sort();
}

describe('i/y spellings', () => {
  it.each([
    ['đăng ký khai sinh', ['đăng kí khai sinh', 'dang ki khai sinh', 'dang ky khai sinh', 'ĐĂNG KÍ KHAI SINH']],
    ['lý lịch tư pháp', ['li lich tu phap', 'lí lịch tư pháp', 'ly lich tu phap']],
  ])('"%s" finds the same as %j', async (q, variants) => {
    const expected = await found(q);
    expect(expected.length).toBeGreaterThan(0);
    for (const v of variants) expect([v, await found(v)]).toEqual([v, expected]);
  });

  it('"đăng ký khai sinh" finds both agencies that carry it and its re-registration', async () => {
    expect(await found('dang ki khai sinh')).toEqual(
      expect.arrayContaining(['1.001193 UBND phường Trương Quang Trọng', '1.001193 UBND xã Bình Châu', '1.004884 UBND xã Bình Châu']),
    );
  });
});

describe('everyday words', () => {
  it.each([
    ['làm giấy khai sinh', '1.001193 UBND xã Bình Châu'],
    ['giấy khai sinh', '1.001193 UBND xã Bình Châu'],
    ['xin phép xây dựng', '1.009972 Sở Xây dựng'],
    ['đổi giấy phép lái xe', '1.002835 Sở Xây dựng'],
    ['cấp lại giấy phép lái xe', '1.002804 Sở Xây dựng'],
    ['nhập hộ khẩu', '1.004194 Công an xã Bình Châu'],
  ])('"%s" finds %s', async (q, offering) => {
    expect(await found(q)).toContain(offering);
  });

  it('keeps what the words typed find themselves', async () => {
    expect(await found('đổi giấy phép lái xe')).toContain('1.002804 Sở Xây dựng');
  });
});

describe('when nothing is found', () => {
  it('suggests the closest words of the names, as they are written, with a link', async () => {
    const res = await request(app).get(`/procedures?q=${encodeURIComponent('đăng ký khia sinh')}`).expect(200);
    expect(res.text).toContain('Có phải bạn muốn tìm');
    const link = res.text.match(/class="suggestion">[^<]*<a href="([^"]+)">([^<]+)<\/a>/);
    expect(link).not.toBeNull();
    expect(link![2]).toBe('đăng ký khai sinh');
    const followed = await request(app).get(link![1].replace(/&amp;/g, '&')).expect(200);
    expect(followed.text).toContain('Đăng ký khai sinh');
  });

  it('suggests nothing when the words are found or no name is close', async () => {
    expect((await request(app).get('/procedures?q=khai+sinh').expect(200)).text).not.toContain('class="suggestion"');
    expect((await request(app).get('/procedures?q=qqqqqqqqq').expect(200)).text).not.toContain('class="suggestion"');
  });

  it('tells an English reader that names are in Vietnamese, with an example that finds something', async () => {
    const res = await request(app).get('/procedures?q=birth+registration&lang=en').expect(200);
    expect(res.text).toContain('Procedure names are in Vietnamese');
    expect(res.text).not.toContain('Có phải bạn muốn tìm');
    expect(res.text).toContain('href="/procedures?q=khai%20sinh"');
    expect((await request(app).get('/procedures?q=birth+registration').expect(200)).text).not.toContain('names-in-vietnamese');
    expect((await found('khai sinh')).length).toBeGreaterThan(0);
  });
});
