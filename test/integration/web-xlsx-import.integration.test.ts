import fs from 'node:fs';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { csrfFrom, dumpCatalogue, fixedClock, HEADER, openTestApp } from '../helpers';
import { writeWorkbook } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

let close: () => Promise<void>;

beforeEach(async () => {
  ({ db, app, close } = await openTestApp(clock, [['canbo', 'mat-khau-dung-1', 'staff']]));
});
afterEach(async () => {
  await close();
});

async function signedIn() {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
  return agent;
}

async function upload(agent: ReturnType<typeof request.agent>, content: Buffer, name: string) {
  const form = await agent.get('/imports/new').expect(200);
  return agent.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', content, name);
}

describe('the web import of an .xlsx workbook', () => {
  it('offers the sheets of a workbook, checks the one chosen, and imports it on confirm', async () => {
    const book = await writeWorkbook([
      { name: 'Hướng dẫn', rows: [['Danh mục ở trang tính "Danh mục"']] },
      { name: 'Danh mục', rows: [HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '']] },
    ]);
    const agent = await signedIn();
    const before = await dumpCatalogue(db);
    const res = await upload(agent, fs.readFileSync(book), 'danh-muc.xlsx');
    expect(res.status).toBe(303);
    const first = await agent.get(res.headers.location).expect(422);
    expect(first.text).toContain('Bảng tính Excel (.xlsx)');
    expect(first.text).toContain('Bảng tính có 2 trang tính. Chọn trang tính chứa danh mục:');
    expect(first.text).toMatch(/<option value="Hướng dẫn" selected>Hướng dẫn<\/option><option value="Danh mục">Danh mục<\/option>/);
    expect(first.text).not.toContain('Bảng mã');

    const bad = await agent.post(`${res.headers.location}/sheet`).type('form').send({ _csrf: csrfFrom(first.text), sheet: 'Sheet9' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Bảng tính không có trang tính &#34;Sheet9&#34;.');

    const chosen = await agent.post(`${res.headers.location}/sheet`).type('form').send({ _csrf: csrfFrom(first.text), sheet: 'Danh mục' }).expect(303);
    const preview = await agent.get(chosen.headers.location).expect(200);
    expect(preview.text).toMatch(/<dt>Trang tính<\/dt><dd>Danh mục<\/dd>/);
    expect(preview.text).toMatch(/<strong>1<\/strong>Thêm mới/);
    expect(await dumpCatalogue(db)).toEqual(before);

    const confirmed = await agent.post(`${chosen.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const done = await agent.get(confirmed.headers.location).redirects(1).expect(200);
    expect(done.text).toContain('Lần nhập số 1');
    expect(done.text).toContain('Bảng tính Excel (.xlsx)');
    const offerings = await db.kysely.selectFrom('offering').select('level').execute();
    expect(offerings).toEqual([{ level: 4 }]);
  });

  it('refuses an Excel 97–2003 file, saying what it is and what to do', async () => {
    const agent = await signedIn();
    const res = await upload(agent, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)]), 'danh-muc.xls');
    const page = await agent.get(res.headers.location).expect(422);
    expect(page.text).toContain('Tệp Excel 97–2003 (.xls): mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.');
  });
});
