/**
 * Who to call (#17 item 3): a clerk imports the agencies' own contact list (CSV or .xlsx), previews it, and
 * confirms; the agency page and the procedure page show the contacts. Runs on SQLite and on PostgreSQL.
 */
import fs from 'node:fs';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { importFile } from '../../imports/run-import';
import { csrfFrom, csv, dumpCatalogue, fixedClock, HEADER, openTestApp, signedInAgent, writeCsv } from '../helpers';
import { writeWorkbook } from '../workbooks';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;

const SCRIPT_AGENCY = '<script>alert(1)</script> Ban Dân tộc';

beforeEach(async () => {
  ({ db, app, close } = await openTestApp(clock, [['canbo', 'mat-khau-dung-1', 'staff']]));
  const catalogue = writeCsv(
    csv([
      HEADER,
      ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''],
      ['1.001612', 'Đăng ký khai sinh', 'UBND phường Cẩm Thành', 'Mức độ 3', 'Hộ tịch', 'Cấp xã', 'Có', ''],
      ['1.000001', 'Thủ tục dân tộc', SCRIPT_AGENCY, 'Mức độ 2', 'Dân tộc', 'Cấp tỉnh', 'Không', ''],
    ]),
  );
  const report = await importFile(db, catalogue, { runBy: 'test' }, clock);
  expect(report.status).toBe('imported');
  await db.kysely.updateTable('agency').set({ code: '000.00.53.H48' }).where('name', '=', 'Sở Tư pháp').execute();
});
afterEach(async () => {
  await close();
});

const signedIn = () => signedInAgent(app, 'canbo', 'mat-khau-dung-1');

async function upload(agent: ReturnType<typeof request.agent>, content: Buffer, name: string) {
  const form = await agent.get('/imports/agencies').expect(200);
  return agent.post('/imports/agencies').field('_csrf', csrfFrom(form.text)).attach('file', content, name);
}

const CONTACT_HEADER = ['Tên cơ quan', 'Mã cơ quan', 'Địa chỉ', 'Số điện thoại', 'Thư điện tử', 'Thời gian làm việc', 'Trang thông tin điện tử'];
const TU_PHAP = ['Sở Tư Pháp tỉnh', '000.00.53.H48', '52 Hùng Vương, phường Cẩm Thành', '0000 3822 123', 'stp@quangngai.gov.vn', 'Sáng 7:00–11:30, chiều 13:30–17:00', 'https://stp.quangngai.gov.vn/'];
const CAM_THANH = ['UBND phuong Cam Thanh', '', '125 Phan Đình Phùng', '(0000) 3.711.222', '', 'Thứ Hai – Thứ Sáu', ''];

async function confirmPreview(agent: ReturnType<typeof request.agent>, preview: request.Response) {
  const token = /action="\/imports\/agencies\/([A-Za-z0-9_-]+)\/confirm"/.exec(preview.text)?.[1];
  expect(token).toBeDefined();
  return agent.post(`/imports/agencies/${token}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) });
}

describe('the agency list import', () => {
  it('previews a CSV without writing, matches by code then by folded name, warns about an unknown agency, then writes on confirm', async () => {
    const agent = await signedIn();
    const before = await dumpCatalogue(db);
    const file = csv([CONTACT_HEADER, TU_PHAP, CAM_THANH, ['Sở Không Có Thật', '', 'Đâu đó', '', '', '', '']], ';');
    const preview = await upload(agent, Buffer.from(file), 'danh-ba.csv');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('2 cơ quan ghép được, 2 cơ quan có thay đổi, 1 dòng không có trong danh mục.');
    expect(preview.text).toContain('Danh mục chưa có cơ quan &#34;Sở Không Có Thật&#34;: dòng này được bỏ qua, không tạo cơ quan mới.');
    expect(preview.text).toContain('Tên &#34;Sở Tư Pháp tỉnh&#34; khác tên trong danh mục &#34;Sở Tư pháp&#34;; đã ghép theo mã cơ quan.');
    expect(preview.text).toMatch(/UBND phường Cẩm Thành<br><span class="small muted">Ghép theo: tên<\/span>/);
    expect(await dumpCatalogue(db)).toEqual(before);

    const done = await confirmPreview(agent, preview);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Đã ghi thông tin liên hệ của 2 cơ quan.');
    const agencies = await db.kysely.selectFrom('agency').select(['name', 'phone', 'email', 'website', 'opening_hours']).orderBy('name').execute();
    expect(agencies.map((a) => a.name)).toEqual([SCRIPT_AGENCY, 'Sở Tư pháp', 'UBND phường Cẩm Thành']);
    expect(agencies[1]).toMatchObject({ phone: '0000 3822 123', email: 'stp@quangngai.gov.vn', website: 'https://stp.quangngai.gov.vn/' });
    expect(agencies[2]).toMatchObject({ phone: '(0000) 3.711.222', email: null, opening_hours: 'Thứ Hai – Thứ Sáu' });
    expect(agencies[0].phone).toBeNull();
    const auditEntries = await db.kysely.selectFrom('audit_log').select(['actor', 'action', 'detail']).where('action', '=', 'agency-contacts-imported').execute();
    expect(auditEntries).toHaveLength(1);
    expect(auditEntries[0].actor).toBe('canbo');
    expect(JSON.parse(auditEntries[0].detail)).toEqual({ file: 'danh-ba.csv', agencies: 2, skipped: 1 });

    // A second confirmation of the same preview writes nothing more.
    const again = await agent.post(`/imports/agencies/${/agencies\/([A-Za-z0-9_-]+)\/confirm/.exec(preview.text)![1]}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) });
    expect(again.status).toBe(410);
  });

  it('shows the contacts on the agency page, beside the offering on the procedure page, and in their JSON', async () => {
    const agent = await signedIn();
    await confirmPreview(agent, await upload(agent, Buffer.from(csv([CONTACT_HEADER, TU_PHAP, CAM_THANH])), 'danh-ba.csv')).then((r) => expect(r.status).toBe(200));

    const page = await request(app).get('/agencies/so-tu-phap').expect(200);
    expect(page.text).toContain('<a href="tel:00003822123">0000 3822 123</a>');
    expect(page.text).toContain('<a href="mailto:stp@quangngai.gov.vn">stp@quangngai.gov.vn</a>');
    expect(page.text).toContain('<a href="https://stp.quangngai.gov.vn/" rel="noopener noreferrer">stp.quangngai.gov.vn</a>');
    expect(page.text).toContain('Sáng 7:00–11:30, chiều 13:30–17:00');
    const ward = await request(app).get('/agencies/ubnd-phuong-cam-thanh').expect(200);
    expect(ward.text).toContain('<a href="tel:00003711222">(0000) 3.711.222</a>');
    // Nothing given, no label.
    expect(ward.text).not.toContain('Thư điện tử');
    expect(ward.text).not.toContain('Trang thông tin');
    const english = await request(app).get('/agencies/so-tu-phap?lang=en').expect(200);
    expect(english.text).toContain('<dt>Opening hours</dt>');

    const json = await request(app).get('/api/agencies/so-tu-phap').expect(200);
    expect(json.body.contacts).toEqual({
      address: '52 Hùng Vương, phường Cẩm Thành',
      phone: '0000 3822 123',
      tel: '00003822123',
      email: 'stp@quangngai.gov.vn',
      hours: 'Sáng 7:00–11:30, chiều 13:30–17:00',
      website: 'https://stp.quangngai.gov.vn/',
      websiteHost: 'stp.quangngai.gov.vn',
    });
    expect(json.body.current).toBe(1);

    const procedure = await request(app).get('/procedures/1.001612').expect(200);
    expect(procedure.text).toContain('<a href="tel:00003822123">0000 3822 123</a>');
    expect(procedure.text).toContain('125 Phan Đình Phùng');
    const api = await request(app).get('/api/procedures/1.001612').expect(200);
    const bySlug = Object.fromEntries(api.body.offerings.map((o: { agencySlug: string; contacts: unknown }) => [o.agencySlug, o.contacts]));
    expect(bySlug['so-tu-phap']).toMatchObject({ phone: '0000 3822 123', tel: '00003822123' });
    expect(bySlug['ubnd-phuong-cam-thanh']).toEqual({ address: '125 Phan Đình Phùng', phone: '(0000) 3.711.222', tel: '00003711222', hours: 'Thứ Hai – Thứ Sáu' });
    // An agency without contacts: an empty object, and no label on the page.
    const other = await request(app).get('/api/procedures/1.000001').expect(200);
    expect(other.body.offerings[0].contacts).toEqual({});
  });

  it('links each agency of the procedure page to its agency page, which leads back to the procedure', async () => {
    const procedure = await request(app).get('/procedures/1.001612').expect(200);
    expect(procedure.text).toContain('href="/agencies/so-tu-phap?from=1.001612"');
    expect(procedure.text).toContain('href="/agencies/ubnd-phuong-cam-thanh?from=1.001612"');
    const agencyPage = await request(app).get('/agencies/so-tu-phap?from=1.001612').expect(200);
    expect(agencyPage.text).toContain('<a href="/procedures/1.001612">← Quay lại: Đăng ký khai sinh</a>');
    const english = await request(app).get('/agencies/so-tu-phap?from=1.001612&lang=en').expect(200);
    expect(english.text).toContain('← Back to: Đăng ký khai sinh</a>');
    // A procedure the agency does not carry, an unknown one or markup: no way back offered, the page itself unchanged.
    for (const from of ['1.000001', '9.999999', '<script>x</script>']) {
      const page = await request(app).get(`/agencies/so-tu-phap?from=${encodeURIComponent(from)}`).expect(200);
      expect(page.text).not.toContain('Quay lại:');
      expect(page.text).toContain('Sở Tư pháp');
    }
  });

  it('reads an .xlsx with a title row above the header', async () => {
    const book = await writeWorkbook([{ name: 'Danh bạ', rows: [['DANH BẠ CÁC CƠ QUAN TỈNH QUẢNG NGÃI'], [], CONTACT_HEADER, TU_PHAP] }]);
    const agent = await signedIn();
    const preview = await upload(agent, fs.readFileSync(book), 'danh-ba.xlsx');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Dòng tên cột: dòng 3');
    expect((await confirmPreview(agent, preview)).status).toBe(200);
    const row = await db.kysely.selectFrom('agency').select(['address', 'phone']).where('slug', '=', 'so-tu-phap').executeTakeFirstOrThrow();
    expect(row).toEqual({ address: '52 Hùng Vương, phường Cẩm Thành', phone: '0000 3822 123' });
  });

  it('reads a Windows-1258 CSV as the same agencies', async () => {
    const file = writeCsv(csv([['Tên cơ quan', 'Địa chỉ', 'Điện thoại'], ['Sở Tư pháp', 'Số 52 đường Hùng Vương', '0000 3822 123']]), 'windows-1258');
    const agent = await signedIn();
    const preview = await upload(agent, fs.readFileSync(file), 'danh-ba.csv');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Số 52 đường Hùng Vương');
    expect((await confirmPreview(agent, preview)).status).toBe(200);
    const row = await db.kysely.selectFrom('agency').select('address').where('slug', '=', 'so-tu-phap').executeTakeFirstOrThrow();
    expect(row.address).toBe('Số 52 đường Hùng Vương');
  });

  it('refuses a file with bad rows, naming each row as Excel numbers it, its column and why, in the reader\'s language; nothing is written', async () => {
    const agent = await signedIn();
    const before = await dumpCatalogue(db);
    const file = csv([
      ['Danh bạ cơ quan'],
      CONTACT_HEADER,
      TU_PHAP,
      ['UBND phường Cẩm Thành', '', 'x', '0000 3711 222', 'ubnd@', '', ''],
      [SCRIPT_AGENCY, '', '', 'gọi tổng đài', '', '', 'javascript:alert(1)'],
      ['', '', 'Không tên', '', '', '', ''],
    ]);
    const refused = await upload(agent, Buffer.from(file), 'danh-ba.csv');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Tệp danh bạ không được nhận');
    const errorTable = refused.text.slice(refused.text.indexOf('id="errors"'), refused.text.indexOf('</table>', refused.text.indexOf('id="errors"')));
    const rows = [...errorTable.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2], m[3]]);
    expect(rows.map(([line, column]) => [line, column])).toEqual([
      [4, 'Thư điện tử'],
      [5, 'Số điện thoại'],
      [5, 'Trang thông tin điện tử'],
      [6, 'Tên cơ quan'],
    ]);
    expect(rows[0][2]).toMatch(/^Địa chỉ thư điện tử &#34;ubnd@&#34; không hợp lệ/);
    expect(rows[1][2]).toMatch(/^Không đọc được số điện thoại &#34;gọi tổng đài&#34;/);
    expect(rows[2][2]).toMatch(/^Đường dẫn không được nhận: .*https:\/\//);
    expect(rows[3][2]).toBe('Thiếu tên cơ quan: ô này không được để trống.');
    expect(refused.text).not.toContain('/confirm"');
    expect(await dumpCatalogue(db)).toEqual(before);

    const english = await agent.get('/imports/agencies?lang=en').expect(200);
    const refusedEn = await agent.post('/imports/agencies').field('_csrf', csrfFrom(english.text)).attach('file', Buffer.from(file), 'danh-ba.csv');
    expect(refusedEn.status).toBe(422);
    expect(refusedEn.text).toContain('The email address &#34;ubnd@&#34; is not valid');
    expect(refusedEn.text).toContain('The address is refused');
    expect(await dumpCatalogue(db)).toEqual(before);
  });

  it('refuses a forged upload without the CSRF token, and keeps the upload from citizens', async () => {
    const agent = await signedIn();
    const file = Buffer.from(csv([CONTACT_HEADER, TU_PHAP]));
    const forged = await agent.post('/imports/agencies').attach('file', file, 'danh-ba.csv');
    expect(forged.status).toBe(403);
    const citizen = request(app);
    await citizen.get('/imports/agencies').expect(303).expect('location', /^\/login\?next=/);
    expect((await citizen.post('/imports/agencies').attach('file', file, 'danh-ba.csv')).status).toBe(401);
    expect((await citizen.post('/imports/agencies/AAAAAAAAAAAAAAAAAAAAAAAA/confirm').type('form').send({})).status).toBe(403);
    const row = await db.kysely.selectFrom('agency').select('phone').where('slug', '=', 'so-tu-phap').executeTakeFirstOrThrow();
    expect(row.phone).toBeNull();
  });

  it('escapes an agency name that holds markup, and exports formula-like cells as text that imports back', async () => {
    const agent = await signedIn();
    const list = csv([CONTACT_HEADER, [SCRIPT_AGENCY, '', '=HYPERLINK("http://evil")', '0000 111 222', '', '', '']]);
    const preview = await upload(agent, Buffer.from(list), 'danh-ba.csv');
    expect(preview.text).not.toContain('<script>alert(1)</script>');
    expect(preview.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ban Dân tộc');
    expect((await confirmPreview(agent, preview)).status).toBe(200);
    const slug = (await db.kysely.selectFrom('agency').select('slug').where('name', '=', SCRIPT_AGENCY).executeTakeFirstOrThrow()).slug;
    const page = await request(app).get(`/agencies/${slug}`).expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; Ban Dân tộc</h1>');

    const exported = await request(app).get('/agencies.csv').expect(200);
    expect(exported.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // Read back, the apostrophe is taken off: nothing changes.
    const back = await upload(agent, Buffer.from(exported.text), 'danh-ba-co-quan.csv');
    expect(back.status).toBe(200);
    expect(back.text).toContain('Tệp hợp lệ nhưng không có thay đổi nào để ghi.');
  });
});
