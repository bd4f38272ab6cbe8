/** Plain words (issue #17, item 7): the glossary, help links, the staff sign-in link, history without file names. */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;
const FILE_NAME = /\.csv|\.xlsx|catalogue-|danh-muc/;

beforeAll(async () => {
  db = await openTestDb();
  const file = writeCsv(csv([HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '']]));
  expect((await importFile(db, file, { asOf: '2020-06-30' }, clock)).status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

describe('the glossary', () => {
  it.each(['/giai-thich', '/glossary'])('%s explains every term, in Vietnamese and in English', async (path) => {
    const vi = await request(app).get(path).expect(200);
    for (const term of ['DVCTT', 'Cổng DVCQG', 'QĐ 411', 'Đủ điều kiện', 'Toàn trình / một phần', 'Mức độ 1–4']) expect([term, vi.text.includes(term)]).toEqual([term, true]);
    expect(vi.text).toContain('<h1>Giải thích từ ngữ</h1>');
    const en = await request(app).get(`${path}?lang=en`).expect(200);
    expect(en.text).toContain('<h1>Glossary</h1>');
    for (const term of ['National Public Service Portal', 'Decision 411/QĐ-TTg', 'Levels 1–4', 'Eligible']) expect([term, en.text.includes(term)]).toEqual([term, true]);
  });

  it.each(['/', '/procedures', '/agencies', '/coverage', '/procedures/1.001612'])('is linked from the footer of %s', async (path) => {
    const res = await request(app).get(path).expect(200);
    expect(res.text).toMatch(/<footer[\s\S]*href="\/giai-thich"[\s\S]*<\/footer>/);
  });

  it('is linked beside the figures and the filters it explains, with a label that says what', async () => {
    const home = await request(app).get('/').expect(200);
    expect(home.text).toContain('<a href="/giai-thich#portal">Cổng DVCQG — Cổng Dịch vụ công Quốc gia</a>');
    expect(home.text).toContain('href="/giai-thich#offering"');
    const list = await request(app).get('/procedures').expect(200);
    expect(list.text).toContain('href="/giai-thich#levels"');
    const glossary = await request(app).get('/giai-thich').expect(200);
    for (const anchor of ['portal', 'offering', 'levels']) expect(glossary.text).toContain(`id="${anchor}"`);
  });
});

describe('words a citizen reads', () => {
  it('labels the sign-in link for staff', async () => {
    expect((await request(app).get('/').expect(200)).text).toContain('<a href="/login">Cán bộ đăng nhập</a>');
    expect((await request(app).get('/?lang=en').expect(200)).text).toContain('<a href="/login">Staff sign-in</a>');
  });

  it('counts offerings in words, not as "procedure × agency"', async () => {
    for (const path of ['/', '/?lang=en']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).not.toMatch(/×|Lượt cung cấp|Offerings \(/);
    }
  });

  it('shows a visitor what changed and when, not the file it came from', async () => {
    for (const path of ['/procedures/1.001612', '/procedures/1.001612?lang=en']) {
      const res = await request(app).get(path).expect(200);
      expect([path, FILE_NAME.test(res.text.replace(/href="[^"]*"/g, ''))]).toEqual([path, false]);
    }
    const page = await request(app).get('/procedures/1.001612').expect(200);
    expect(page.text).toContain('30/06/2020');
    expect(page.text).toContain('Cập nhật danh mục');
    expect(page.text).not.toContain('Lần nhập số');
  });
});
