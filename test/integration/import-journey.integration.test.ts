/**
 * The clerk's import journey (issue #19): a file refused for some rows shows what its valid rows would change
 * and imports them on the same upload; the confirm page names procedures and says each change in words;
 * after confirming, the import's page keeps the changes and the skipped rows; undo asks first and then does
 * what it promised; staff see that only an administrator can undo, and whom to ask.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import type { createApp } from '../../server/app';
import { csrfFrom, csv, dumpCatalogue, fixedClock, HEADER, openTestApp, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;

const BASE = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
  ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '2', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
];
/** Two valid rows (a level 3 → 4 with integration, a new offering) and one with an unknown level. */
const MIXED = [
  ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''],
  ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', 'Mức 9', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '3', 'Xây dựng', 'Cấp tỉnh', 'Không', ''],
];

beforeEach(async () => {
  ({ db, app, close } = await openTestApp(clock, [
    ['canbo', 'mat-khau-dung-1', 'staff'],
    ['canbo2', 'mat-khau-dung-3', 'staff'],
    ['quantri', 'mat-khau-dung-2', 'admin'],
  ]));
  await importFile(db, writeCsv(csv([HEADER, ...BASE])), { asOf: '2020-03-31', runBy: 'seed' }, clock);
});
afterEach(async () => {
  await close();
});

async function signedIn(username = 'canbo', password = 'mat-khau-dung-1') {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
  return agent;
}

async function upload(agent: ReturnType<typeof request.agent>, rows: string[][]) {
  const form = await agent.get('/imports/new').expect(200);
  return agent.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(csv([HEADER, ...rows]), 'utf8'), 'danh-muc.csv');
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a preview refused for some rows', () => {
  it('counts what the valid rows would change and imports them from the same upload, without the bad row', async () => {
    const clerk = await signedIn();
    const before = await dumpCatalogue(db);
    const res = await upload(clerk, MIXED);
    const url = res.headers.location as string;
    const refused = await clerk.get(url).expect(422);
    const page = text(refused.text);
    expect(page).toContain('Nhập 2 dòng hợp lệ, bỏ qua 1 dòng lỗi');
    expect(page).toContain('Nếu bỏ qua các dòng lỗi, 2 dòng hợp lệ sẽ thay đổi danh mục như sau');
    expect(page).toContain('Có lỗi xảy ra');
    expect(page).toContain('mức độ 3 (một phần) → mức độ 4 (toàn trình); mới tích hợp trên Cổng DVCQG');
    expect(await dumpCatalogue(db)).toEqual(before);

    // Another clerk cannot use this upload.
    const other = await signedIn('canbo2', 'mat-khau-dung-3');
    await other.post(`${url}/skip-invalid`).type('form').send({ _csrf: csrfFrom((await other.get('/imports/new')).text) }).expect(404);

    await clerk.post(`${url}/skip-invalid`).type('form').send({ _csrf: csrfFrom(refused.text) }).expect(303);
    const preview = await clerk.get(url).expect(200);
    const calm = text(preview.text);
    expect(calm).not.toContain('Có lỗi xảy ra');
    expect(calm).toContain('1 dòng có lỗi sẽ được bỏ qua');
    expect(calm).toContain('Các dòng sẽ bị bỏ qua (1)');
    expect(calm).toContain('Đăng ký khai sinh');
    expect(preview.text).toMatch(/<button type="submit" class="button button-primary">Xác nhận nhập 2 thay đổi<\/button>/);
    expect(preview.text).toMatch(/class="button button-secondary">Huỷ</);
    expect(await dumpCatalogue(db)).toEqual(before);

    const confirmed = await clerk.post(`${url}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const done = await clerk.get(confirmed.headers.location as string).redirects(1).expect(200);
    const report = text(done.text);
    expect(report).toContain('Đã nhập xong');
    expect(report).toContain('Đã ghi vào danh mục: 1 thêm mới, 1 thay đổi, 0 bãi bỏ');
    expect(report).toContain('Các dòng đã bị bỏ qua (1)');
    expect(report).toContain('Cấp giấy phép xây dựng');
    const id = (await db.kysely.selectFrom('import_run').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    expect(done.text).toContain(`href="/imports/${id}"`);

    // The errors file stays with the import, for every staff member who sees it.
    const errorsLink = /href="(\/imports\/uploads\/[^"]+\/errors\.csv)"/.exec(done.text)![1]!;
    const errors = await other.get(errorsLink).expect(200);
    expect(errors.text).toContain('Mức 9');
  });
});

describe('undo asks first', () => {
  async function committed(): Promise<number> {
    const clerk = await signedIn();
    const res = await upload(clerk, [MIXED[0]!, MIXED[2]!]);
    const preview = await clerk.get(res.headers.location as string).expect(200);
    await clerk.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    return (await db.kysely.selectFrom('import_run').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  }

  it('says what will be undone, refuses a POST without the confirmation, then does what it said', async () => {
    const id = await committed();
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const run = await admin.get(`/imports/${id}`).expect(200);
    expect(run.text).toContain(`href="/imports/${id}/undo"`);
    const ask = await admin.get(`/imports/${id}/undo`).expect(200);
    expect(text(ask.text)).toContain('Hoàn tác sẽ: đưa 1 thủ tục trở lại như trước lần nhập, xoá 1 thủ tục do lần nhập này thêm vào, trả lại tên và thông tin chung cho 0 thủ tục');
    const before = await dumpCatalogue(db);

    const bare = await admin.post(`/imports/${id}/undo`).type('form').send({ _csrf: csrfFrom(ask.text) }).expect(400);
    expect(text(bare.text)).toContain('Hãy đánh dấu ô xác nhận để hoàn tác');
    expect(await dumpCatalogue(db)).toEqual(before);

    const done = await admin.post(`/imports/${id}/undo`).type('form').send({ _csrf: csrfFrom(ask.text), confirm: 'yes' }).expect(200);
    expect(text(done.text)).toContain(`Đã hoàn tác lần nhập số ${id}: 1 thủ tục trở lại như trước, xoá 1 thủ tục do lần nhập này thêm vào, 0 thủ tục lấy lại tên và thông tin chung.`);
  });

  it('tells staff that only an administrator can undo, and whom to ask; the undo page is not theirs', async () => {
    const id = await committed();
    const clerk = await signedIn();
    const run = await clerk.get(`/imports/${id}`).expect(200);
    expect(text(run.text)).toContain('Chỉ quản trị viên mới hoàn tác được một lần nhập. Nếu cần hoàn tác, hãy báo quản trị viên: quantri.');
    await clerk.get(`/imports/${id}/undo`).expect(403);
    await clerk.post(`/imports/${id}/undo`).type('form').send({ _csrf: csrfFrom(run.text), confirm: 'yes' }).expect(403);
  });
});
