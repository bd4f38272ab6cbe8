import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { addUser, csrfFrom, csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
  await importFile(db, writeCsv(csv([HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', '', '', '', '']])), {}, clock);
});
afterEach(async () => {
  await db.close();
});

describe('the public page cache', () => {
  it('serves the same page again without querying, until an import changes the catalogue', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const first = await request(app).get('/procedures').expect(200);
    // Change the data behind the cache's back: a cached page does not see it…
    await db.kysely.updateTable('procedure').set({ name: 'Tên đổi ngầm' }).execute();
    const second = await request(app).get('/procedures').expect(200);
    expect(second.text).toBe(first.text);
    // …an import does (the catalogue version goes up).
    await importFile(db, writeCsv(csv([HEADER, ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '4', '', '', '', '']])), {}, clock);
    const third = await request(app).get('/procedures').expect(200);
    expect(third.text).toContain('Đăng ký kết hôn');
    expect(third.text).toContain('Tên đổi ngầm');
  });

  it('keeps languages apart and never caches a signed-in page or an error', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const vi = await request(app).get('/procedures').expect(200);
    const en = await request(app).get('/procedures').set('Cookie', 'lang=en').expect(200);
    expect(vi.text).toContain('lang="vi"');
    expect(en.text).toContain('lang="en"');

    await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
    const agent = request.agent(app);
    const login = await agent.get('/login');
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
    const signedIn = await agent.get('/procedures').expect(200);
    expect(signedIn.text).toContain('Đăng xuất (canbo)');
    expect((await request(app).get('/procedures')).text).not.toContain('Đăng xuất');

    await request(app).get('/procedures/9.999999').expect(404);
  });
});
