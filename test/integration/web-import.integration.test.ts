import fs from 'node:fs';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csrfFrom, csv, dumpCatalogue, fixedClock, HEADER, openTestApp, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

let close: () => Promise<void>;

beforeEach(async () => {
  ({ db, app, close } = await openTestApp(clock, [['canbo', 'mat-khau-dung-1', 'staff'], ['quantri', 'mat-khau-dung-2', 'admin']]));
  await importFile(db, writeCsv(csv([HEADER, ...BASE])), { asOf: '2020-03-31', runBy: 'seed' }, clock);
});
afterEach(async () => {
  await close();
});

const BASE = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
  ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '2', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
];
const NEXT = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''],
  ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '2', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3', 'Xây dựng', 'Cấp tỉnh', 'Có', ''],
];

async function signedIn(username = 'canbo', password = 'mat-khau-dung-1') {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
  return agent;
}

async function upload(agent: ReturnType<typeof request.agent>, content: string | Buffer, fields: Record<string, string> = {}) {
  const form = await agent.get('/imports/new').expect(200);
  let req = agent.post('/imports').field('_csrf', csrfFrom(form.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), 'danh-muc.csv');
}

const level = async (code: string) =>
  (await db.kysely.selectFrom('offering').innerJoin('procedure', 'procedure.id', 'offering.procedure_id').select('offering.level').where('procedure.code', '=', code).executeTakeFirst())?.level;

describe('upload → preview → confirm', () => {
  it('previews every change without writing, then commits exactly that on confirm', async () => {
    const agent = await signedIn();
    const before = await dumpCatalogue(db);
    const res = await upload(agent, csv([HEADER, ...NEXT], ';'), { asOf: '30/06/2020' });
    expect(res.status).toBe(303);
    const previewUrl = res.headers.location;
    expect(previewUrl).toMatch(/^\/imports\/uploads\/[\w-]{20,}$/);

    const preview = await agent.get(previewUrl).expect(200);
    expect(preview.text).toContain('Xem trước: danh-muc.csv');
    expect(preview.text).toContain('dấu chấm phẩy');
    expect(preview.text).toContain('30/06/2020');
    expect(preview.text).toMatch(/<strong>1<\/strong>Thêm mới/);
    expect(preview.text).toMatch(/<strong>1<\/strong>Thay đổi/);
    expect(preview.text).toMatch(/<strong>1<\/strong>Không đổi/);
    expect(preview.text).toContain('Đạt mức độ 4');
    expect(preview.text).toContain('Mới tích hợp');
    expect(preview.text).toMatch(/Mức độ 3 · Chưa tích hợp<\/td>\s*<td>Mức độ 4 · Đã tích hợp/);
    expect(await dumpCatalogue(db)).toEqual(before);

    const confirmed = await agent.post(`${previewUrl}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const done = await agent.get(confirmed.headers.location).redirects(1).expect(200);
    expect(done.text).toContain('Lần nhập số 2');
    expect(done.text).toMatch(/<strong>1<\/strong>Thêm mới/);
    expect(await level('1.001193')).toBe(4);
    expect(await level('2.000908')).toBe(3);

    // The catalogue shows it, and the history carries the date chosen.
    const page = await request(app).get('/procedures/1.001193').expect(200);
    expect(page.text).toContain('30/06/2020');
    const list = await agent.get('/imports').expect(200);
    expect(list.text).toContain('danh-muc.csv');
    expect(list.text).toContain('canbo');
  });

  it('imports it once when the same preview is confirmed twice', async () => {
    const agent = await signedIn();
    const res = await upload(agent, csv([HEADER, ...NEXT]));
    const preview = await agent.get(res.headers.location);
    const token = csrfFrom(preview.text);
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: token }).expect(303);
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: token }).expect(303);
    const runs = await db.kysely.selectFrom('import_run').select('id').execute();
    expect(runs).toHaveLength(2);
  });

  it('refuses a bad file with every error by line, leaves the catalogue untouched and offers the errors as CSV', async () => {
    const agent = await signedIn();
    const before = await dumpCatalogue(db);
    const bad = [...NEXT, ['1.000001', 'Lỗi', 'Sở Tư pháp', 'Mức độ 9', '', '', '', '']];
    const res = await upload(agent, csv([HEADER, ...bad]));
    const preview = await agent.get(res.headers.location).expect(422);
    expect(preview.text).toContain('Có lỗi xảy ra');
    expect(preview.text).toContain('1 lỗi trong tệp');
    expect(preview.text).toMatch(/<td class="num">5<\/td><td>Mức độ<\/td><td>Mức độ 9<\/td>/);
    expect(preview.text).not.toContain('Xác nhận nhập');
    const errors = await agent.get(`${res.headers.location}/errors.csv`).expect(200);
    expect(errors.text).toContain('5,Mức độ,Mức độ 9,Lỗi,');
    // Confirming a refused preview does nothing.
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    expect(await dumpCatalogue(db)).toEqual(before);
  });

  it('shows the problems of a bad file in English on the English page, and in Vietnamese again without it', async () => {
    const agent = await signedIn();
    const bad = [...NEXT, ['1.000001', 'Lỗi', 'Sở Tư pháp', 'Mức độ 9', '', '', '', ''], ['1.000002', 'Lỗi', '', '4', '', '', '', '']];
    const res = await upload(agent, csv([HEADER, ...bad]));
    const english = await agent.get(`${res.headers.location}?lang=en`).expect(422);
    expect(english.text).toContain('<td>Level &#34;Mức độ 9&#34; is not understood: use 1–4, &#34;Mức độ 3&#34;, &#34;Toàn trình&#34; (full) or &#34;Một phần&#34; (partial).</td>');
    expect(english.text).toContain('<td>Missing agency: this cell must not be empty.</td>');
    expect(english.text).not.toContain('Không hiểu mức độ');
    const vietnamese = await agent.get(`${res.headers.location}?lang=vi`).expect(422);
    expect(vietnamese.text).toContain('<td>Không hiểu mức độ &#34;Mức độ 9&#34;: dùng 1–4, &#34;Mức độ 3&#34;, &#34;Toàn trình&#34; hoặc &#34;Một phần&#34;.</td>');
    expect(vietnamese.text).toContain('<td>Thiếu cơ quan thực hiện: ô này không được để trống.</td>');
  });

  it('refuses another format in the reader\'s language (Accept-Language)', async () => {
    const agent = await signedIn();
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]);
    const res = await upload(agent, xls);
    const english = await agent.get(res.headers.location).set('Accept-Language', 'en-GB,en;q=0.9').expect(422);
    expect(english.text).toContain('An Excel 97–2003 file (.xls): open it in Excel and save it as .xlsx or CSV UTF-8.');
    const vietnamese = await agent.get(res.headers.location).expect(422);
    expect(vietnamese.text).toContain('Tệp Excel 97–2003 (.xls): mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.');
  });

  it('still shows a report stored before problems had codes, with its stored text', async () => {
    const agent = await signedIn();
    const bad = [...NEXT, ['1.000001', 'Lỗi', 'Sở Tư pháp', 'Mức độ 9', '', '', '', '']];
    const res = await upload(agent, csv([HEADER, ...bad]));
    await agent.get(res.headers.location).expect(422);
    const token = String(res.headers.location).split('/').pop()!;
    const row = await db.kysely.selectFrom('import_upload').select('report').where('token', '=', token).executeTakeFirstOrThrow();
    const report = JSON.parse(String(row.report));
    // As the importer stored it before: the sentence only.
    report.errors = report.errors.map(({ line, column, value }: { line: number; column: string; value: string }) => ({ line, column, value, message: 'Câu lỗi đã lưu từ trước.' }));
    await db.kysely.updateTable('import_upload').set({ report: JSON.stringify(report) }).where('token', '=', token).execute();
    const english = await agent.get(`${res.headers.location}?lang=en`).expect(422);
    expect(english.text).toContain('<td>Câu lỗi đã lưu từ trước.</td>');
  });

  it('checks again instead of committing blind when the catalogue changed since the preview', async () => {
    const agent = await signedIn();
    const res = await upload(agent, csv([HEADER, ...NEXT]));
    const preview = await agent.get(res.headers.location);
    // Someone else imports meanwhile.
    await importFile(db, writeCsv(csv([HEADER, ['3.000001', 'Thủ tục khác', 'Sở Y tế', '2', '', '', '', '']])), {}, clock);
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const renewed = await agent.get(res.headers.location).expect(200);
    expect(renewed.text).toContain('Danh mục đã thay đổi từ lúc bạn xem trước');
    expect(await level('1.001193')).toBe(3);
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(renewed.text) }).expect(303);
    expect(await level('1.001193')).toBe(4);
  });

  it('refuses to commit a file changed on disk since the preview', async () => {
    const agent = await signedIn();
    const res = await upload(agent, csv([HEADER, ...NEXT]));
    const preview = await agent.get(res.headers.location);
    const row = await db.kysely.selectFrom('import_upload').select('stored_path').executeTakeFirstOrThrow();
    fs.appendFileSync(row.stored_path, '9.999999,Chen vao,Sở Tư pháp,4,,,,\r\n');
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Không xử lý được tệp');
    expect(await level('9.999999')).toBeUndefined();
  });

  it('discards the upload on cancel', async () => {
    const agent = await signedIn();
    const res = await upload(agent, csv([HEADER, ...NEXT]));
    const preview = await agent.get(res.headers.location);
    const row = await db.kysely.selectFrom('import_upload').select('stored_path').executeTakeFirstOrThrow();
    await agent.post(`${res.headers.location}/cancel`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Lần tải lên này đã được huỷ');
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(row.stored_path)).toBe(false);
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    expect(await level('1.001193')).toBe(3);
  });
});

describe('upload problems', () => {
  it('answers a file over the size limit with a clear page (413), not a broken connection', async () => {
    const agent = await signedIn();
    const big = Buffer.alloc(testConfig.uploadLimitBytes + 10_000, 'a');
    const res = await upload(agent, big);
    expect(res.status).toBe(413);
    expect(res.text).toContain('Tệp lớn hơn giới hạn 1 MB');
    expect(await db.kysely.selectFrom('import_upload').selectAll().execute()).toHaveLength(0);
  });

  it('asks for a file, and for a valid date, re-showing the form with an error summary', async () => {
    const agent = await signedIn();
    const form = await agent.get('/imports/new');
    const noFile = await agent.post('/imports').field('_csrf', csrfFrom(form.text)).field('asOf', '').expect(400);
    expect(noFile.text).toContain('Hãy chọn một tệp .xlsx hoặc CSV.');
    const badDate = await upload(agent, csv([HEADER, ...NEXT]), { asOf: '31/02/2020', skipInvalid: 'yes' });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('Ngày hiệu lực &#34;31/02/2020&#34; không hợp lệ');
    expect(badDate.text).toMatch(/id="skipInvalid" name="skipInvalid" type="checkbox" value="yes" checked/);
  });

  it('refuses an upload without a valid CSRF token before storing anything', async () => {
    const agent = await signedIn();
    await agent.get('/imports/new');
    await agent.post('/imports').field('_csrf', 'wrong').attach('file', Buffer.from(csv([HEADER, ...NEXT])), 'x.csv').expect(403);
    await agent.post('/imports').attach('file', Buffer.from(csv([HEADER, ...NEXT])), 'x.csv').expect(403);
    expect(await db.kysely.selectFrom('import_upload').selectAll().execute()).toHaveLength(0);
  });
});

describe('undo', () => {
  async function commit(agent: ReturnType<typeof request.agent>, rows: string[][], asOf: string) {
    const res = await upload(agent, csv([HEADER, ...rows]), { asOf });
    const preview = await agent.get(res.headers.location);
    await agent.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    return (await db.kysely.selectFrom('import_run').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  }

  it('lets an administrator put the catalogue back as it was, recorded in the history and the audit log', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const before = await db.kysely.selectFrom('offering').select(['id', 'level', 'portal_integrated', 'status']).orderBy('id').execute();
    const id = await commit(admin, NEXT, '2020-06-30');
    expect(await level('1.001193')).toBe(4);
    const page = await admin.get(`/imports/${id}`).expect(200);
    const res = await admin.post(`/imports/${id}/undo`).type('form').send({ _csrf: csrfFrom(page.text), confirm: 'yes' }).expect(200);
    expect(res.text).toContain(`Đã hoàn tác lần nhập số ${id}: 1 thủ tục trở lại như trước, xoá 1 thủ tục do lần nhập này thêm vào, 0 thủ tục lấy lại tên và thông tin chung.`);
    expect(await db.kysely.selectFrom('offering').select(['id', 'level', 'portal_integrated', 'status']).orderBy('id').execute()).toEqual(before);
    expect(await level('2.000908')).toBeUndefined();
    const history = await db.kysely.selectFrom('offering_history').select('change').where('import_id', '=', id).orderBy('id').execute();
    expect(history.map((h) => h.change)).toEqual(['updated', 'undone']);
    const audit = await db.kysely.selectFrom('audit_log').select(['actor', 'action']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor: 'quantri', action: 'import-undone' });
    // Twice is refused.
    await admin.post(`/imports/${id}/undo`).type('form').send({ _csrf: csrfFrom(page.text), confirm: 'yes' }).expect(409);
  });

  it('names the offerings a later import changed again, and changes nothing', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const first = await commit(admin, NEXT, '2020-06-30');
    const later = NEXT.map((r) => [...r]);
    later[0][3] = '2';
    const second = await commit(admin, later, '2020-09-30');
    const page = await admin.get(`/imports/${first}`);
    const before = await dumpCatalogue(db);
    const res = await admin.post(`/imports/${first}/undo`).type('form').send({ _csrf: csrfFrom(page.text), confirm: 'yes' }).expect(409);
    expect(res.text).toContain('Không thể hoàn tác');
    expect(res.text).toContain('1.001193');
    expect(res.text).toContain(`Lần nhập sau #${second}`);
    expect(await dumpCatalogue(db)).toEqual(before);
  });

  it('is not open to staff', async () => {
    const staff = await signedIn();
    const id = await commit(staff, NEXT, '2020-06-30');
    const page = await staff.get(`/imports/${id}`).expect(200);
    expect(page.text).not.toContain('Hoàn tác lần nhập này');
    await staff.post(`/imports/${id}/undo`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(403);
    expect(await level('1.001193')).toBe(4);
  });
});
