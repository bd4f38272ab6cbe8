/**
 * Long work shows real progress (issue #19 item 6): counted by the work itself, kept in the shared store, shown
 * to the clerk who started it (and administrators), and as a line in a terminal; kept import files go by a rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { undoImport, undoPlan } from '../../db/undo-import';
import { saveProgress } from '../../db/progress-repository';
import { importFile } from '../../imports/run-import';
import { runCli } from '../../cli/import-cli';
import { createApp } from '../../server/app';
import { ImportJobs, changesPath, errorsPath } from '../../server/services/import-jobs';
import { KEPT_AFTER_UNDO_MS, ORPHAN_AFTER_MS, sweep } from '../../server/services/housekeeping';
import { testingOnPostgres } from '../postgres';
import { buffer, csrfFrom, csv, fixedClock, HEADER, openTestApp, signedInAgent, tempDir, testConfig, writeCsv } from '../helpers';

const clock = fixedClock('2026-12-02T03:00:00.000Z');
const rows = (n: number, level = (i: number) => (i % 4) + 1) =>
  Array.from({ length: n }, (_, i) => [`1.${String(300000 + i)}`, `Thủ tục số ${i}`, `UBND xã số ${i % 20}`, String(level(i)), 'Hộ tịch', 'Cấp xã', 'Có', '']);

let db: CatalogueDb;
let jobs: ImportJobs;
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ db, jobs, app, close } = await openTestApp(clock, [['canbo', 'mat-khau-dung-1', 'staff'], ['canbo2', 'mat-khau-dung-3', 'staff'], ['quantri', 'mat-khau-dung-2', 'admin'], ['quantri2', 'mat-khau-dung-4', 'admin']]));
});
afterEach(async () => {
  await close();
});

const nonDecreasing = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

describe('the work counts its own progress', () => {
  it('an import reports the rows it has read, never fewer than before, ending at every row of the file', async () => {
    const seen: { bytes: number; rows: number }[] = [];
    const file = writeCsv(csv([HEADER, ...rows(6000)]));
    const report = await importFile(db, file, { worker: false, onProgress: (bytes, _total, rowsRead) => seen.push({ bytes, rows: rowsRead }) }, clock);
    expect(report.status).toBe('imported');
    expect(seen.length).toBeGreaterThan(1);
    expect(nonDecreasing(seen.map((s) => s.rows))).toBe(true);
    expect(nonDecreasing(seen.map((s) => s.bytes))).toBe(true);
    expect(seen[seen.length - 1]!.rows).toBe(6000);
    expect(seen[seen.length - 1]!.bytes).toBe(fs.statSync(file).size);
  });

  it('an undo reports the offerings it has put back or removed, ending at what its plan promised', async () => {
    await importFile(db, writeCsv(csv([HEADER, ...rows(3000, () => 2)])), {}, clock);
    const second = await importFile(db, writeCsv(csv([HEADER, ...rows(12000, () => 4)])), {}, clock);
    const plan = await undoPlan(db.kysely, second.importId!);
    expect(plan.restored).toBe(3000);
    expect(plan.removed).toBe(9000);
    const seen: number[] = [];
    const result = await undoImport(db, second.importId!, clock.now().toISOString(), (done) => seen.push(done));
    expect(result).toMatchObject({ ok: true, restored: 3000, removed: 9000 });
    expect(seen.length).toBeGreaterThan(2);
    expect(nonDecreasing(seen)).toBe(true);
    expect(seen[seen.length - 1]).toBe(plan.restored + plan.removed);
  });
});

describe('the web import and undo keep their progress in the shared store', () => {
  it('a commit moves towards the rows its preview read; its poll rises and ends finished, and belongs to its clerk', async () => {
    // A 20,000-row file is larger than the tests' upload limit.
    app = createApp({ db, config: { ...testConfig, uploadLimitBytes: 50 * 1024 * 1024 }, clock, log: () => undefined, jobs });
    const owner = await signedInAgent(app, 'canbo', 'mat-khau-dung-1');
    const form = await owner.get('/imports/new');
    const file = writeCsv(csv([HEADER, ...rows(20000)]), 'utf-8', 'lon.csv');
    const uploaded = await owner.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', file).expect(303);
    const url = uploaded.headers.location as string;
    const token = url.split('/').pop()!;
    await jobs.wait(token, 120_000);
    const checked = await jobs.progressOf({ token });
    expect(checked).toMatchObject({ phase: 'checking', state: 'finished', done: 20000, total: null });

    const preview = await owner.get(url).expect(200);
    await owner.post(`${url}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
    const polled: { state: string; value?: number; max?: number }[] = [];
    for (;;) {
      const res = await owner.get(`${url}/progress.json`).expect(200);
      polled.push(res.body);
      if (res.body.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(polled[polled.length - 1]).toEqual({ state: 'finished', next: url });
    // (On a fast machine the commit can finish before the first poll: that the store's progress rises while work
    // runs is shown above, by its own steps; here, whatever the polls saw running must rise towards the file's rows.)
    const running = polled.filter((p) => p.state === 'running');
    expect(nonDecreasing(running.map((p) => p.value!))).toBe(true);
    for (const p of running) expect(p.max).toBe(20000);
    const committed = await jobs.progressOf({ token });
    expect(committed).toMatchObject({ phase: 'committing', state: 'finished', done: 20000, total: 20000 });

    // Another clerk: the poll does not exist; an administrator may follow it.
    const other = await signedInAgent(app, 'canbo2', 'mat-khau-dung-3');
    await other.get(`${url}/progress.json`).expect(404);
    await (await signedInAgent(app, 'quantri', 'mat-khau-dung-2')).get(`${url}/progress.json`).expect(200);
    await request(app).get(`${url}/progress.json`).expect(303);
  }, 180_000);

  it('the progress page shows rows, speed and time in words, with a bar and a reload that needs no script', async () => {
    const owner = await signedInAgent(app, 'canbo', 'mat-khau-dung-1');
    const form = await owner.get('/imports/new');
    await db.kysely.deleteFrom('work_progress').execute();
    const uploaded = await owner.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(csv([HEADER, ...rows(3)])), 'ds.csv').expect(303);
    const token = (uploaded.headers.location as string).split('/').pop()!;
    await jobs.wait(token, 10_000);
    // Put it back to "committing", with what a commit half-way would have counted.
    await db.kysely.updateTable('import_upload').set({ status: 'committing' }).where('token', '=', token).execute();
    await db.kysely
      .updateTable('work_progress')
      .set({ phase: 'committing', state: 'running', done: 1234, total: 40000, rate: 300 })
      .where('work_key', '=', `upload:${token}`)
      .execute();
    const page = await owner.get(`/imports/uploads/${token}`).expect(200);
    expect(page.text).toContain('<progress max="40000" value="1234"');
    expect(page.text).toContain('1.234 / 40.000 dòng');
    expect(page.text).toContain('300 dòng/giây');
    expect(page.text).toContain('còn khoảng 2 phút');
    expect(page.text).toContain('aria-live="polite"');
    expect(page.text).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(page.text).toContain('<script src="/static/progress.js" defer></script>');
    const en = await owner.get(`/imports/uploads/${token}?lang=en`).expect(200);
    expect(en.text).toContain('1,234 of 40,000 rows');
    expect(en.text).toContain('about 2 min left');
    // (English is remembered in a cookie: back to Vietnamese.)
    const json = await owner.get(`/imports/uploads/${token}/progress.json?lang=vi`).expect(200);
    expect(json.body).toMatchObject({ state: 'running', value: 1234, max: 40000, percent: 3, left: 'còn khoảng 2 phút' });
    await request(app).get('/static/progress.js').expect(200).expect('Content-Type', /javascript/);
  });

  it('an undo leaves its outcome in the store: its progress page says what the undo did', async () => {
    const run = await importFile(db, writeCsv(csv([HEADER, ...rows(50)])), {}, clock);
    const admin = await signedInAgent(app, 'quantri', 'mat-khau-dung-2');
    const page = await admin.get(`/imports/${run.importId}/undo`).expect(200);
    await admin.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: csrfFrom(page.text), confirm: 'yes' }).expect(200);
    expect(await jobs.progressOf({ undo: run.importId! })).toMatchObject({ phase: 'undoing', state: 'finished', done: 50, total: 50 });
    const after = await admin.get(`/imports/${run.importId}/undo/progress`).expect(200);
    expect(after.text).toContain('xoá 50 thủ tục do lần nhập này thêm vào');
    expect((await admin.get(`/imports/${run.importId}/undo/progress.json`).expect(200)).body).toEqual({ state: 'finished', next: `/imports/${run.importId}/undo/progress` });
    // Staff do not undo, nor follow an undo.
    await (await signedInAgent(app, 'canbo', 'mat-khau-dung-1')).get(`/imports/${run.importId}/undo/progress.json`).expect(403);
    await admin.get('/imports/999/undo/progress.json').expect(404);
  });

  describe('an import is undone once', () => {
    const undoneRows = async (importId: number) =>
      (await db.kysely.selectFrom('offering_history').select('id').where('import_id', '=', importId).where('change', '=', 'undone').execute()).length;
    const undoAudits = async () => (await db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'import-undone').execute()).length;

    it('two undos sent at once: one undo runs, and both pages end on what it did, in words', async () => {
      await importFile(db, writeCsv(csv([HEADER, ...rows(1500, () => 2)])), {}, clock);
      const run = await importFile(db, writeCsv(csv([HEADER, ...rows(3000, () => 4)])), {}, clock);
      const admin = await signedInAgent(app, 'quantri', 'mat-khau-dung-2');
      const other = await signedInAgent(app, 'quantri2', 'mat-khau-dung-4');
      const ask = async (agent: typeof admin) => csrfFrom((await agent.get(`/imports/${run.importId}/undo`).expect(200)).text);
      const [mine, theirs] = [await ask(admin), await ask(other)];
      const post = (agent: typeof admin, token: string) => agent.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: token, confirm: 'yes' });
      const answers = await Promise.all([post(admin, mine), post(other, theirs)]);
      const said = `Đã hoàn tác lần nhập số ${run.importId}: 1.500 thủ tục trở lại như trước, xoá 1.500 thủ tục do lần nhập này thêm vào, 0 thủ tục lấy lại tên và thông tin chung.`;
      const done = answers.filter((a) => a.status === 200);
      expect(done).toHaveLength(1);
      expect(done[0]!.text).toContain(said);
      const second = answers.find((a) => a.status !== 200)!;
      if (second.status === 303) {
        // It follows the first undo's progress page, which ends on the same words.
        expect(second.headers.location).toBe(`/imports/${run.importId}/undo/progress`);
        const page = await (second === answers[0] ? admin : other).get(second.headers.location).expect(200);
        expect(page.text).toContain(said);
      } else {
        expect(second.status).toBe(409);
        expect(second.text).toContain('Lần nhập này đã được hoàn tác.');
      }
      expect(await undoneRows(run.importId!)).toBe(1500);
      expect(await undoAudits()).toBe(1);
      expect(await jobs.progressOf({ undo: run.importId! })).toMatchObject({ state: 'finished', done: 3000, total: 3000, result: { ok: true, restored: 1500, removed: 1500 } });
    });

    it('asked again while its undo is under way, it starts nothing and follows that undo; once done, it says so', async () => {
      const run = await importFile(db, writeCsv(csv([HEADER, ...rows(20)])), {}, clock);
      const admin = await signedInAgent(app, 'quantri', 'mat-khau-dung-2');
      const token = csrfFrom((await admin.get(`/imports/${run.importId}/undo`).expect(200)).text);
      // Another instance's undo of it, under way: its progress row moved a moment ago.
      const now = clock.now().toISOString();
      const elsewhere = { key: `undo:${run.importId}`, userId: 1, phase: 'undoing' as const, state: 'running' as const, done: 7, total: 20, bytesRead: 0, totalBytes: 0, rate: 5, startedAt: now, updatedAt: now };
      await saveProgress(db.kysely, elsewhere);
      const followed = await admin.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: token, confirm: 'yes' }).expect(303);
      expect(followed.headers.location).toBe(`/imports/${run.importId}/undo/progress`);
      const progress = await admin.get(followed.headers.location).expect(200);
      expect(progress.text).toContain('7 / 20 thủ tục');
      expect((await db.kysely.selectFrom('import_run').select('status').where('id', '=', run.importId!).executeTakeFirstOrThrow()).status).toBe('committed');
      expect(await undoneRows(run.importId!)).toBe(0);

      // A row left by a stopped instance (not moved for 11 minutes) does not hold the undo back.
      await saveProgress(db.kysely, { ...elsewhere, updatedAt: new Date(clock.now().getTime() - 11 * 60_000).toISOString() });
      const done = await admin.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: token, confirm: 'yes' }).expect(200);
      expect(done.text).toContain(`Đã hoàn tác lần nhập số ${run.importId}: 0 thủ tục trở lại như trước, xoá 20 thủ tục`);
      // Undone: a third POST says so, in words, and starts nothing.
      const again = await admin.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: token, confirm: 'yes' }).expect(409);
      expect(again.text).toContain('Lần nhập này đã được hoàn tác.');
      expect(await undoAudits()).toBe(1);
    });

    it('an undo that finds the import already undone (as on another instance) leaves the first one\'s outcome on its page', async () => {
      const run = await importFile(db, writeCsv(csv([HEADER, ...rows(30)])), {}, clock);
      const admin = await signedInAgent(app, 'quantri', 'mat-khau-dung-2');
      const token = csrfFrom((await admin.get(`/imports/${run.importId}/undo`).expect(200)).text);
      await admin.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: token, confirm: 'yes' }).expect(200);
      const late = jobs.undo(run.importId!, clock.now().toISOString(), { userId: 1, offerings: async () => 30 });
      expect(late.joined).toBe(false);
      expect(await late.result).toEqual({ ok: false, reason: 'already-undone' });
      expect(await jobs.progressOf({ undo: run.importId! })).toMatchObject({ state: 'finished', done: 30, result: { ok: true, removed: 30 } });
      const page = await admin.get(`/imports/${run.importId}/undo/progress`).expect(200);
      expect(page.text).toContain(`Đã hoàn tác lần nhập số ${run.importId}: 0 thủ tục trở lại như trước, xoá 30 thủ tục`);
    });
  });

  it('a forged request starts nothing: a confirm or an undo without the page\'s token is refused', async () => {
    const owner = await signedInAgent(app, 'canbo', 'mat-khau-dung-1');
    const form = await owner.get('/imports/new');
    const uploaded = await owner.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(csv([HEADER, ...rows(3)])), 'ds.csv').expect(303);
    const url = uploaded.headers.location as string;
    await jobs.wait(url.split('/').pop()!, 10_000);
    await owner.post(`${url}/confirm`).type('form').send({}).expect(403);
    await owner.post(`${url}/confirm`).type('form').send({ _csrf: 'forged' }).expect(403);
    expect((await db.kysely.selectFrom('import_upload').select('status').executeTakeFirstOrThrow()).status).toBe('previewed');

    const run = await importFile(db, writeCsv(csv([HEADER, ...rows(5)])), {}, clock);
    const admin = await signedInAgent(app, 'quantri', 'mat-khau-dung-2');
    const otherToken = csrfFrom((await owner.get('/imports/new')).text);
    await admin.post(`/imports/${run.importId}/undo`).type('form').send({ _csrf: otherToken, confirm: 'yes' }).expect(403);
    expect(await jobs.progressOf({ undo: run.importId! })).toBeNull();
    expect((await db.kysely.selectFrom('import_run').select('status').where('id', '=', run.importId!).executeTakeFirstOrThrow()).status).toBe('committed');
  });
});

describe('the command line', () => {
  const cliRun = async (env: NodeJS.ProcessEnv, tty: boolean, ...argv: string[]) => {
    const out = buffer();
    const err = Object.assign(buffer(), { isTTY: tty });
    const code = await runCli(argv, { DATABASE_URL: `sqlite:${path.join(tempDir(), `progress-cli-${Date.now()}-${Math.random()}.db`)}`, ...env }, out, err);
    return { code, out: out.text, err: err.text };
  };

  it('draws a progress line in a terminal, and wipes it before the report', async () => {
    const file = writeCsv(csv([HEADER, ...rows(200)]));
    const { code, out, err } = await cliRun({}, true, file);
    expect(code).toBe(0);
    expect(err).toMatch(/\r\[[#.]{25}\] đã đọc \d+% tệp · [\d.]+ dòng · /);
    expect(err.endsWith('\r')).toBe(true);
    expect(out).not.toContain('\r');
    expect(out).toMatch(/Thời gian: [\d,]+ giây( \([\d.]+ dòng\/giây\))?\./);
  });

  it('piped, writes no progress line (IMPORT_PROGRESS=1 asks for one, =0 never), and JSON stays JSON', async () => {
    const file = writeCsv(csv([HEADER, ...rows(200)]));
    const piped = await cliRun({}, false, file);
    expect(piped.code).toBe(0);
    expect(piped.err).toBe('');
    expect(piped.out).toContain('Thời gian:');
    expect((await cliRun({ IMPORT_PROGRESS: '1' }, false, file)).err).toContain('\r[');
    expect((await cliRun({ IMPORT_PROGRESS: '0' }, true, file)).err).toBe('');
    const json = await cliRun({}, true, '--json', file);
    expect(json.err).toBe('');
    expect(JSON.parse(json.out).status).toBe('imported');
  });
});

describe('kept import files and orphaned uploads', () => {
  const NOW = new Date('2026-12-02T03:00:00.000Z');
  const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
  let dir: string;
  let userId: number;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(tempDir(), 'uploads-'));
    userId = (await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'canbo').executeTakeFirstOrThrow()).id;
  });

  let n = 0;
  const committedUpload = async (importId: number | null, updatedAt: string) => {
    const token = `kept-${++n}-${'x'.repeat(20)}`;
    const storedPath = path.join(dir, `${token}.csv`);
    const kept = [changesPath({ storedPath }), errorsPath({ storedPath })];
    for (const f of kept) fs.writeFileSync(f, 'x');
    await db.kysely
      .insertInto('import_upload')
      .values({
        token, user_id: userId, file_name: 'ds.csv', stored_path: storedPath, size_bytes: 1, sha256: 'a'.repeat(64),
        options: '{}', status: 'committed', report: null, preview_version: null, import_id: importId, created_at: updatedAt, updated_at: updatedAt,
      })
      .execute();
    return kept;
  };
  const old = (file: string, ms: number) => {
    const t = new Date(Date.now() - ms);
    fs.utimesSync(file, t, t);
  };

  // On PostgreSQL an upload's import is a foreign key, so an import is never deleted under it; on SQLite the
  // upload lives in the web-state file and only the code keeps the link.
  it('an undone import keeps its files for the stated time, then they go; a standing import keeps them; a deleted one loses them', async () => {
    const standing = (await importFile(db, writeCsv(csv([HEADER, ...rows(2)])), {}, clock)).importId!;
    const undoneLongAgo = (await importFile(db, writeCsv(csv([HEADER, ['2.000001', 'A', 'Sở Tư pháp', '3', '', '', '', '']])), {}, clock)).importId!;
    const undoneLately = (await importFile(db, writeCsv(csv([HEADER, ['2.000002', 'B', 'Sở Tư pháp', '3', '', '', '', '']])), {}, clock)).importId!;
    await db.kysely.updateTable('import_run').set({ status: 'undone' }).where('id', 'in', [undoneLongAgo, undoneLately]).execute();
    const keptStanding = await committedUpload(standing, ago(10 * KEPT_AFTER_UNDO_MS));
    const keptLongAgo = await committedUpload(undoneLongAgo, ago(KEPT_AFTER_UNDO_MS + 60_000));
    const keptLately = await committedUpload(undoneLately, ago(KEPT_AFTER_UNDO_MS - 60_000));
    const keptDeleted = testingOnPostgres ? [] : await committedUpload(987654, ago(60_000));

    const result = await sweep(db.kysely, { now: NOW, sessionIdleMinutes: 30 });
    expect(result).toMatchObject({ keptFilesRemoved: testingOnPostgres ? 1 : 2 });
    for (const f of [...keptLongAgo, ...keptDeleted]) expect(fs.existsSync(f)).toBe(false);
    for (const f of [...keptStanding, ...keptLately]) expect(fs.existsSync(f)).toBe(true);
    expect((await sweep(db.kysely, { now: NOW, sessionIdleMinutes: 30 }))?.keptFilesRemoved).toBe(0);
  });

  it('files of the upload folder no upload needs go after a day unwritten; younger ones and needed ones stay', async () => {
    const kept = await committedUpload(null, ago(60_000));
    for (const f of kept) old(f, 2 * ORPHAN_AFTER_MS);
    const abandoned = path.join(dir, 'abandoned-upload-xxxxxxxxxxxxxxxx.csv');
    const abandonedChanges = `${abandoned}.changes.jsonl`;
    const young = path.join(dir, 'being-uploaded-xxxxxxxxxxxxxxxxx.csv');
    for (const f of [abandoned, abandonedChanges, young]) fs.writeFileSync(f, 'x');
    old(abandoned, ORPHAN_AFTER_MS + 60_000);
    old(abandonedChanges, ORPHAN_AFTER_MS + 60_000);

    const result = await sweep(db.kysely, { now: new Date(), sessionIdleMinutes: 30, uploadDir: dir });
    expect(result).toMatchObject({ orphanFilesRemoved: 2 });
    expect(fs.existsSync(abandoned)).toBe(false);
    expect(fs.existsSync(abandonedChanges)).toBe(false);
    expect(fs.existsSync(young)).toBe(true);
    for (const f of kept) expect(fs.existsSync(f)).toBe(true);
  });
});
