import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;

beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const rows = [
  HEADER,
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''],
  ['1.001612', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', 'Mức độ 3', 'Hộ tịch', 'Cấp huyện', 'Không', ''],
  ['1.004194', 'Đăng ký tạm trú', 'Công an tỉnh Quảng Ngãi', 'Toàn trình', 'Cư trú', 'Cấp tỉnh', 'x', ''],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '2', 'Xây dựng', 'Cấp tỉnh', '', ''],
  ['2.000909', 'Thủ tục đã bãi bỏ', 'Sở Xây dựng', '4', 'Xây dựng', 'Cấp tỉnh', 'Có', 'Bãi bỏ'],
];

function app(config = testConfig, log: (e: unknown) => void = () => undefined) {
  return createApp({ db, config, clock, log });
}

describe('home page', () => {
  it('shows the totals of current offerings, with the level-4 share counted as officials do', async () => {
    await importFile(db, writeCsv(csv(rows)), { asOf: '2020-06-30' }, clock);
    const res = await request(app()).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).toContain('<html lang="vi">');
    // 4 current offerings of 3 procedures by 4 agencies; 2 at level 4 (50,0%), 3 at level 3 or above (75,0%).
    expect(res.text).toMatch(/Thủ tục hành chính<\/dt><dd>3</);
    expect(res.text).toMatch(/Thủ tục theo từng cơ quan \(mỗi nơi thực hiện tính một lần\)<\/dt><dd>4</);
    expect(res.text).toMatch(/Mức độ 4 \(toàn trình\)<\/dt><dd>2 <span class="pct">\(50,0%\)/);
    expect(res.text).toMatch(/Mức độ 3 trở lên<\/dt><dd>3 <span class="pct">\(75,0%\)/);
    expect(res.text).toMatch(/Tích hợp Cổng DVCQG<\/dt><dd>2 <span class="pct">\(50,0%\)/);
    expect(res.text).toContain('ngày 30/06/2020, tệp');
    expect(res.text).toMatch(/Đã bãi bỏ \(không tính\)<\/th><td class="num">1</);
  });

  it('says there is no data yet on an empty database', async () => {
    const res = await request(app()).get('/').expect(200);
    expect(res.text).toContain('Chưa có dữ liệu');
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    await importFile(db, writeCsv(csv(rows)), {}, clock);
    const agent = request.agent(app());
    const first = await agent.get('/?lang=en').expect(200);
    expect(first.text).toContain('<html lang="en">');
    expect(first.text).toContain('Level 4 (full online)');
    expect(first.headers['set-cookie']?.[0]).toMatch(/lang=en;.*HttpOnly/);
    const second = await agent.get('/').expect(200);
    expect(second.text).toContain('<html lang="en">');
  });

  it('follows the browser language when nothing else says', async () => {
    const res = await request(app()).get('/').set('Accept-Language', 'en-US,en;q=0.9').expect(200);
    expect(res.text).toContain('<html lang="en">');
  });

  it('escapes imported text as HTML', async () => {
    const evil = [HEADER, ['1.000001', 'Tên', '<script>alert(1)</script>', '4', '', 'Cấp tỉnh', '', '']];
    const report = await importFile(db, writeCsv(csv(evil), 'utf-8', '<img src=x onerror=alert(1)>.csv'), {}, clock);
    expect(report.status).toBe('imported');
    const res = await request(app()).get('/').expect(200);
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;.csv');
  });

  it('says when the catalogue is the illustrative sample', async () => {
    await importFile(db, writeCsv(csv(rows)), { runBy: 'seed' }, clock);
    expect((await request(app()).get('/')).text).toContain('Dữ liệu mẫu');
  });

  it('does not call real imports sample data', async () => {
    await importFile(db, writeCsv(csv(rows)), { runBy: 'clerk' }, clock);
    expect((await request(app()).get('/')).text).not.toContain('Dữ liệu mẫu');
  });

  it('sends security headers, including a Content-Security-Policy without inline script', async () => {
    const res = await request(app()).get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('/healthz', () => {
  it('answers JSON with the catalogue size', async () => {
    await importFile(db, writeCsv(csv(rows)), {}, clock);
    const res = await request(app()).get('/healthz').expect(200).expect('Content-Type', /json/);
    expect(res.body).toEqual({ status: 'ok', offerings: 4, procedures: 3, lastImport: '2026-11-22T03:00:00.000Z' });
  });
});

describe('errors', () => {
  it('answers an unknown page with a 404 page in the visitor language', async () => {
    const res = await request(app()).get('/khong-co').expect(404);
    expect(res.text).toContain('Không tìm thấy trang');
  });

  it('answers a malformed URL with a client error, not a 500', async () => {
    const res = await request(app()).get('/%E0%A4%A').expect((r) => expect(r.status).toBeLessThan(500));
    expect(res.status).toBe(404);
  });

  describe('an unexpected error', () => {
    async function failingApp(production: boolean) {
      const logged: unknown[] = [];
      await db.close(); // every query now fails
      const instance = app({ ...testConfig, production, nodeEnv: production ? 'production' : 'development' }, (e) => logged.push(e));
      db = await openTestDb();
      return { instance, logged };
    }

    it('shows a safe page without the stack trace in production, and logs it', async () => {
      const { instance, logged } = await failingApp(true);
      const res = await request(instance).get('/').expect(500);
      expect(res.text).toContain('Hệ thống gặp sự cố');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
      expect(logged).toHaveLength(1);
    });

    it('shows the stack trace in development', async () => {
      const { instance } = await failingApp(false);
      const res = await request(instance).get('/').expect(500);
      expect(res.text).toContain('error-detail');
    });

    it('answers JSON clients with JSON', async () => {
      const { instance } = await failingApp(true);
      const res = await request(instance).get('/healthz').set('Accept', 'application/json').expect(500);
      expect(res.body).toEqual({ error: expect.any(String) });
    });
  });
});
