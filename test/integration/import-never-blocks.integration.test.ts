/**
 * While an import is checked, committed or undone — through the web or from the command line — every page and
 * every sign-in still answers within a second, and none answers 5xx. Probed as a crowd would: public pages
 * with distinct searches, sign-ins, a signed-in clerk's pages (whose session is touched), and an
 * administrator's write to the catalogue (which is told to try again, not failed).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { importFile } from '../../imports/run-import';
import type { Clock } from '../../domain/time';
import { createApp } from '../../server/app';
import { ImportJobs } from '../../server/services/import-jobs';
import { addUser, csrfFrom, csv, HEADER, tempDir, testConfig, writeCsv } from '../helpers';

const ROWS = 40_000;
let now = new Date('2026-11-22T03:00:00.000Z');
const clock: Clock = { now: () => now };
let file: string;
let db: CatalogueDb;
let dbFile: string;
let jobs: ImportJobs;
let app: ReturnType<typeof createApp>;

type Agent = ReturnType<typeof request.agent>;

const bigList = (level: (i: number) => number) =>
  csv([HEADER, ...Array.from({ length: ROWS }, (_, i) => [`1.${String(200000 + i)}`, `Thủ tục số ${i} về hộ tịch`, `UBND xã số ${i % 50}`, String(level(i)), 'Hộ tịch', 'Cấp xã', 'Có', ''])]);

async function signedIn(username: string, password: string): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
  return agent;
}

interface Probe {
  what: string;
  status: number;
  ms: number;
}

/**
 * Sends rounds of requests until `work` settles: each round a distinct search, a kept page, a sign-in, a
 * clerk's page and an administrator's target, at once. Each round moves the clock a minute on, so that
 * sessions are touched (written) as they are in real use.
 */
async function probeDuring(work: Promise<unknown>, clerk: Agent, admin: Agent, options = { targets: true }): Promise<Probe[]> {
  let settled = false;
  const finished = work.then(
    () => (settled = true),
    () => (settled = true),
  );
  // Only a round that sets targets signs the administrator's requests (an administrator idle for an hour of the
  // rounds' clock is signed out, as anyone would be).
  const adminToken = options.targets ? csrfFrom((await admin.get('/admin/targets')).text) : '';

  const probes: Probe[] = [];
  const timed = async (what: string, send: () => PromiseLike<request.Response>) => {
    const started = performance.now();
    const res = await send();
    probes.push({ what, status: res.status, ms: performance.now() - started });
  };
  for (let round = 0; !settled || round === 0; round++) {
    now = new Date(now.getTime() + 61_000);
    await Promise.all([
      timed('search', () => request(app).get(`/procedures?q=thu+tuc+so+${round * 7 + 1}`)),
      timed('agencies', () => request(app).get('/agencies')),
      (async () => {
        const agent = request.agent(app);
        let page: request.Response | undefined;
        await timed('sign-in page', async () => (page = await agent.get('/login')));
        await timed('sign-in', () => agent.post('/login').type('form').send({ _csrf: csrfFrom(page!.text), username: 'canbo2', password: 'mat-khau-dung-3' }));
      })(),
      timed('clerk page', () => clerk.get('/imports')),
      // A target changes the catalogue's version, which sends a preview back to be checked again: not while one waits.
      options.targets ? timed('target', () => admin.post('/admin/targets').type('form').send({ _csrf: adminToken, year: String(2030 + (round % 5)), percent: '50', basis: 'all' })) : null,
    ]);
  }
  await finished;
  return probes;
}

function summary(probes: Probe[]) {
  return {
    answered: probes.length > 0,
    serverErrors: probes.filter((p) => p.status >= 500).map((p) => `${p.what} ${p.status}`),
    slow: probes.filter((p) => p.ms >= 1000).map((p) => `${p.what} ${Math.round(p.ms)} ms`),
    signInsRefused: probes.filter((p) => p.what === 'sign-in' && p.status !== 303).length,
    // A target is saved, or (while the import holds the catalogue) the admin is told to try again.
    targetAnswers: [...new Set(probes.filter((p) => p.what === 'target').map((p) => p.status))].every((status) => status === 303 || status === 409),
  };
}

const healthy = { answered: true, serverErrors: [], slow: [], signInsRefused: 0, targetAnswers: true };

beforeAll(async () => {
  file = writeCsv(bigList((i) => (i % 4) + 1), 'utf-8', 'big-never-blocks.csv');
});

beforeEach(async () => {
  dbFile = path.join(tempDir(), `never-blocks-${Date.now()}.db`);
  db = openDatabase(`sqlite:${dbFile}`, { lockWaitMs: 500 });
  await migrateToLatest(db.kysely);
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  await addUser(db, 'canbo2', 'mat-khau-dung-3', 'staff');
  await addUser(db, 'quantri', 'mat-khau-dung-2', 'admin');
  await importFile(db, writeCsv(csv([HEADER, ['2.000001', 'Thủ tục có sẵn', 'Sở Tư pháp', '4', '', '', '', '']])), {}, clock);
  jobs = new ImportJobs(db, clock, () => undefined);
  app = createApp({ db, config: { ...testConfig, uploadLimitBytes: 50 * 1024 * 1024 }, clock, log: () => undefined, jobs });
});
afterEach(async () => {
  await jobs.close();
  await db.close();
});

describe('an import never holds up the site', () => {
  it('while a large web upload is checked and then committed, and twelve clicks on Confirm make one import', async () => {
    const clerk = await signedIn('canbo', 'mat-khau-dung-1');
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const form = await clerk.get('/imports/new');
    const uploaded = await clerk.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', file).expect(303);
    const url = uploaded.headers.location as string;
    const token = url.split('/').pop()!;
    expect(summary(await probeDuring(jobs.wait(token, 120_000), clerk, admin, { targets: false }))).toEqual(healthy);

    const preview = await clerk.get(url).expect(200);
    const confirmToken = csrfFrom(preview.text);
    const confirms = Promise.all(Array.from({ length: 12 }, () => clerk.post(`${url}/confirm`).type('form').send({ _csrf: confirmToken })));
    const committed = confirms.then(() => jobs.wait(token, 120_000));
    expect(summary(await probeDuring(committed, clerk, admin, { targets: false }))).toEqual(healthy);
    expect((await confirms).map((r) => r.status)).toEqual(Array(12).fill(303));
    const runs = await db.kysely.selectFrom('import_run').select('file_name').execute();
    expect(runs.map((r) => r.file_name)).toEqual([expect.any(String), 'big-never-blocks.csv']);
  }, 240_000);

  it('while an administrator undoes a large import', async () => {
    const big = await importFile(db, file, {}, clock);
    const clerk = await signedIn('canbo', 'mat-khau-dung-1');
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get(`/imports/${big.importId}`).expect(200);
    // A running site has its catalogue index: the lists are answered from it while the undo runs in its own
    // thread, and from the new one once it is loaded. (A site started during an undo waits for its first index,
    // which the undo's commit sends back to be read again: a cold start, not what this test is about.)
    await request(app).get('/procedures').expect(200);
    const undone = admin.post(`/imports/${big.importId}/undo`).type('form').send({ _csrf: csrfFrom(page.text), confirm: 'yes' }).then((r) => r);
    expect(summary(await probeDuring(undone, clerk, admin))).toEqual(healthy);
    expect((await undone).status).toBe(200);
    expect((await db.kysely.selectFrom('import_run').select('status').where('id', '=', big.importId!).executeTakeFirstOrThrow()).status).toBe('undone');
  }, 240_000);

  it('while the command line imports into the same database', async () => {
    const clerk = await signedIn('canbo', 'mat-khau-dung-1');
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const cli = new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'cli/import-cli.ts', file], {
        env: { ...process.env, DATABASE_URL: `sqlite:${dbFile}` },
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code ?? -1));
    });
    expect(summary(await probeDuring(cli, clerk, admin))).toEqual(healthy);
    expect(await cli).toBe(0);
    expect((await db.kysely.selectFrom('import_run').select('id').execute()).length).toBe(2);
  }, 240_000);
});
