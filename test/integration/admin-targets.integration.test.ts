import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { listAudit } from '../../db/account-repository';
import { listTargets } from '../../db/target-repository';
import { createApp } from '../../server/app';
import type { Clock } from '../../domain/time';
import { addUser, csrfFrom, openTestDb, signedInAgent, testConfig } from '../helpers';
import { BASE_ROWS, load, only2020Target } from '../coverage-fixtures';

let db: CatalogueDb;
const clock: Clock = { now: () => new Date('2026-11-22T03:00:00.000Z') };

beforeEach(async () => {
  db = await openTestDb();
  await only2020Target(db);
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  await addUser(db, 'quantri', 'mat-khau-dung-2', 'admin');
});
afterEach(async () => {
  await db.close();
});

const app = () => createApp({ db, config: testConfig, clock, log: () => undefined });

const signedIn = (username: string, password: string) => signedInAgent(app(), username, password);

describe('/admin/targets', () => {
  it('is for administrators only', async () => {
    const anonymous = await request(app()).get('/admin/targets').expect(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Ftargets');
    const staff = await signedIn('canbo', 'mat-khau-dung-1');
    await staff.get('/admin/targets').expect(403);
    const page = await staff.get('/imports').expect(200);
    await staff.post('/admin/targets').type('form').send({ _csrf: csrfFrom(page.text), year: '2021', percent: '50', basis: 'all', note: '' }).expect(403);
    await request(app()).post('/admin/targets').type('form').send({ year: '2021', percent: '50' }).expect(403);
    expect((await listTargets(db.kysely)).map((t) => t.year)).toEqual([2020]);
  });

  it('refuses a forged form: an administrator’s session without the token, or with another browser’s, changes nothing', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    await admin.get('/admin/targets').expect(200);
    const forged = { year: '2021', percent: '50', basis: 'all', note: 'giả mạo' };
    await admin.post('/admin/targets').type('form').send(forged).expect(403);
    const other = await signedIn('quantri', 'mat-khau-dung-2');
    const otherPage = await other.get('/admin/targets').expect(200);
    await admin.post('/admin/targets').type('form').send({ ...forged, _csrf: csrfFrom(otherPage.text) }).expect(403);
    await admin.post('/admin/targets').type('form').send({ ...forged, _csrf: 'x'.repeat(40) }).expect(403);
    expect((await listTargets(db.kysely)).map((t) => t.year)).toEqual([2020]);
  });

  it('lists the targets and sets one, which the dashboard shows at once and the audit log records', async () => {
    await load(db, BASE_ROWS, '2026-06-30');
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const before = await admin.get('/coverage').expect(200);
    expect(before.text).toContain('áp dụng chỉ tiêu năm 2020: ít nhất 30% thủ tục ở mức độ 4');

    const page = await admin.get('/admin/targets').expect(200);
    expect(page.text).toMatch(/<th scope="row">2020<\/th>\s*<td class="num">30%<\/td>\s*<td>tổng số thủ tục<\/td>\s*<td>Nghị quyết 17\/NQ-CP ngày 7\/3\/2019<\/td>/);
    const saved = await admin
      .post('/admin/targets')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), year: ' 2026 ', percent: '87,5', basis: 'eligible', note: 'Kế hoạch 123/KH-UBND' })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/targets?saved=2026');
    const after = await admin.get(saved.headers.location).expect(200);
    expect(after.text).toContain('Đã lưu chỉ tiêu năm 2026.');
    expect(after.text).toMatch(/<th scope="row">2026<\/th>\s*<td class="num">87,5%<\/td>\s*<td>số thủ tục đủ điều kiện<\/td>/);

    expect((await listTargets(db.kysely)).find((t) => t.year === 2026)).toMatchObject({ level4Pct: 87.5, basis: 'eligible', note: 'Kế hoạch 123/KH-UBND', updatedBy: 'quantri' });
    // Anonymous visitors' cached dashboard changes too: the target bumps the catalogue version.
    const dashboard = await request(app()).get('/coverage').expect(200);
    expect(dashboard.text).toContain('Chỉ tiêu năm 2026: ít nhất 87,5% thủ tục đủ điều kiện ở mức độ 4. Căn cứ: Kế hoạch 123/KH-UBND.');
    const { entries } = await listAudit(db.kysely, 1, 0);
    expect(entries[0]).toMatchObject({ actor: 'quantri', action: 'target-set', detail: { year: 2026, level4Pct: 87.5, basis: 'eligible' } });
    expect(entries[0].address).toBeTruthy();
  });

  it('fills the form with a year’s target to change it; an emptied note is cleared', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/targets?year=2020').expect(200);
    expect(page.text).toContain('id="year" name="year" type="text" inputmode="numeric" maxlength="4" value="2020"');
    expect(page.text).toContain('value="Nghị quyết 17/NQ-CP ngày 7/3/2019"');
    expect(page.text).toMatch(/id="basis-all" name="basis" type="radio" value="all" checked/);
    await admin.post('/admin/targets').type('form').send({ _csrf: csrfFrom(page.text), year: '2020', percent: '30', basis: 'all', note: '' }).expect(303);
    expect((await listTargets(db.kysely))[0]).toMatchObject({ year: 2020, level4Pct: 30, note: null });
    // A year that is not there, or not a year, leaves the form empty.
    expect((await admin.get('/admin/targets?year=1999').expect(200)).text).toContain('maxlength="4" value=""');
    expect((await admin.get('/admin/targets?year=%3Cscript%3E').expect(200)).text).not.toContain('<script>');
  });

  it('refuses a wrong form with every problem, linked to its field, keeps what was typed (as text) and changes nothing', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/targets').expect(200);
    const res = await admin
      .post('/admin/targets')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), year: '20x1', percent: '<b>150</b>', basis: 'some', note: `=HYPERLINK("x")${'a'.repeat(300)}` })
      .expect(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)![0];
    expect(summary).toContain('<a href="#year">Năm phải là số có 4 chữ số, từ 2000 đến 2100.</a>');
    expect(summary).toContain('<a href="#percent">Tỷ lệ phải là một số từ 0 đến 100');
    expect(summary).toContain('<a href="#basis-all">Hãy chọn tỷ lệ tính trên');
    expect(summary).toContain('<a href="#note">Ghi chú dài quá 300 ký tự.</a>');
    expect(res.text).toContain('value="&lt;b&gt;150&lt;/b&gt;"');
    expect(res.text).not.toContain('<b>150</b>');
    expect(res.text).toContain('aria-invalid=true');
    expect(await listTargets(db.kysely)).toEqual([expect.objectContaining({ year: 2020, level4Pct: 30 })]);
  });
});
