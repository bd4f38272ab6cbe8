/** What one clerk does stays theirs, and no signed-in page is kept by a browser or a proxy. */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { ImportJobs } from '../../server/services/import-jobs';
import { csrfFrom, csv, fixedClock, HEADER, openTestApp } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let jobs: ImportJobs;
let app: ReturnType<typeof createApp>;

let close: () => Promise<void>;

beforeEach(async () => {
  ({ db, jobs, app, close } = await openTestApp(clock, [['canbo', 'mat-khau-dung-1', 'staff'], ['canbo2', 'mat-khau-dung-3', 'staff'], ['quantri', 'mat-khau-dung-2', 'admin']]));
});
afterEach(async () => {
  await close();
});

async function signedIn(username: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
  return agent;
}

const ROW = ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''];

describe('an upload belongs to the clerk who made it', () => {
  it('is shown to them and to administrators; to another clerk it does not exist, and they cannot cancel it', async () => {
    const owner = await signedIn('canbo', 'mat-khau-dung-1');
    const form = await owner.get('/imports/new').expect(200);
    const res = await owner.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(csv([HEADER, ROW])), 'ds.csv').expect(303);
    const url = res.headers.location as string;
    await jobs.wait(url.split('/').pop()!, 5000);
    await owner.get(url).expect(200);
    await (await signedIn('quantri', 'mat-khau-dung-2')).get(url).expect(200);

    const other = await signedIn('canbo2', 'mat-khau-dung-3');
    await other.get(url).expect(404);
    await other.get(`${url}/errors.csv`).expect(404);
    const token = csrfFrom((await other.get('/imports/new')).text);
    await other.post(`${url}/cancel`).type('form').send({ _csrf: token }).expect(404);
    await other.post(`${url}/confirm`).type('form').send({ _csrf: token }).expect(404);
    const { status } = await db.kysely.selectFrom('import_upload').select('status').executeTakeFirstOrThrow();
    expect(status).toBe('previewed');
  });
});

describe('Cache-Control', () => {
  it('is no-store on every signed-in page and on the sign-in form; public pages stay cacheable', async () => {
    const agent = await signedIn('quantri', 'mat-khau-dung-2');
    for (const url of ['/imports', '/imports/new', '/admin/users', '/admin/targets', '/account/password', '/procedures', '/procedures.csv']) {
      const res = await agent.get(url);
      expect({ url, cacheControl: res.headers['cache-control'] }).toEqual({ url, cacheControl: 'no-store' });
    }
    expect((await request(app).get('/login')).headers['cache-control']).toBe('no-store');
    expect((await request(app).get('/procedures')).headers['cache-control']).toBeUndefined();
  });
});
