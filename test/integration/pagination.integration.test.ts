import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { pageNumbers } from '../../server/pagination';
import { csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await openTestDb();
  const rows = Array.from({ length: 125 }, (_, i) => [`1.${String(100000 + i)}`, `Thủ tục số ${String(i + 1).padStart(3, '0')}`, 'Sở Tư pháp', String((i % 4) + 1), '', '', '', '']);
  await importFile(db, writeCsv(csv([HEADER, ...rows])), {}, clock);
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

describe('pagination', () => {
  it('shows the range, numbered pages with aria-current, and previous/next links', async () => {
    const res = await request(app).get('/procedures?pageSize=10&page=5').expect(200);
    expect(res.text).toContain('Hiển thị 41–50 trong 125 kết quả');
    expect(res.text).toMatch(/<a href="\/procedures\?pageSize=10&amp;page=5" aria-current="page" aria-label="Trang 5">5<\/a>/);
    expect(res.text).toMatch(/href="\/procedures\?pageSize=10&amp;page=4" rel="prev"/);
    expect(res.text).toMatch(/href="\/procedures\?pageSize=10&amp;page=6" rel="next"/);
    expect(res.text).toMatch(/aria-label="Trang 13">13<\/a>/);
    expect(res.text).toContain('Thủ tục số 041');
    expect(res.text).not.toContain('Thủ tục số 040');
  });

  it('keeps the filters and sort in every page link', async () => {
    const res = await request(app).get('/procedures?level=4&sort=-name&pageSize=10').expect(200);
    expect(res.text).toContain('Hiển thị 1–10 trong 31 kết quả');
    expect(res.text).toMatch(/href="\/procedures\?level=4&amp;sort=-name&amp;pageSize=10&amp;page=2" rel="next"/);
  });

  it('shows the last page for a page past the end, and says so', async () => {
    const res = await request(app).get('/procedures?page=99').expect(200);
    expect(res.text).toContain('Hiển thị 101–125 trong 125 kết quả');
    expect(res.text).toContain('nằm ngoài khoảng cho phép');
  });

  it('pages the JSON API the same way', async () => {
    const res = await request(app).get('/api/procedures?pageSize=10&page=13').expect(200);
    expect(res.body).toMatchObject({ total: 125, page: 13, pageSize: 10 });
    expect(res.body.items).toHaveLength(5);
  });

  it.each([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [5, 13, [1, null, 3, 4, 5, 6, 7, null, 13]],
    [13, 13, [1, null, 11, 12, 13]],
    [2, 13, [1, 2, 3, 4, null, 13]],
  ])('page %i of %i shows %j', (current, count, expected) => {
    expect(pageNumbers(current, count)).toEqual(expected);
  });
});
