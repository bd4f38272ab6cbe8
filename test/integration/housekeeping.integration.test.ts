import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createSession } from '../../db/account-repository';
import { hashToken } from '../../server/middleware/session';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { INTERRUPTED_AFTER_MS, settleInterruptedUploads, sweep, UPLOAD_KEEP_MS } from '../../server/services/housekeeping';
import { changesPath, errorsPath } from '../../server/services/import-jobs';
import type { UploadStatus } from '../../db/schema';
import { addUser, csrfFrom, csv, HEADER, openTestDb, tempDir, testConfig, writeCsv } from '../helpers';
import { testingOnPostgres } from '../postgres';

const NOW = new Date('2026-05-20T03:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 3600_000;

let db: CatalogueDb;
let userId: number;
beforeEach(async () => {
  db = await openTestDb();
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  userId = (await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'canbo').executeTakeFirstOrThrow()).id;
});
afterEach(async () => {
  await db.close();
});

let uploads = 0;
/** An upload row in a given state, with its file and the files a preview writes beside it. */
async function upload(status: UploadStatus, updatedAt: string, sha256 = 'a'.repeat(64)): Promise<{ token: string; files: string[] }> {
  const token = `token-${++uploads}-${'x'.repeat(20)}`;
  const storedPath = path.join(tempDir(), `${token}.csv`);
  const files = [storedPath, changesPath({ storedPath }), errorsPath({ storedPath })];
  for (const file of files) fs.writeFileSync(file, 'x');
  await db.kysely
    .insertInto('import_upload')
    .values({
      token,
      user_id: userId,
      file_name: 'danh-muc.csv',
      stored_path: storedPath,
      size_bytes: 1,
      sha256,
      options: JSON.stringify({ skipInvalid: false, withdrawMissing: false, asOf: null }),
      status,
      report: null,
      preview_version: null,
      import_id: null,
      created_at: updatedAt,
      updated_at: updatedAt,
    })
    .execute();
  return { token, files };
}

const statusOf = async (token: string) =>
  (await db.kysely.selectFrom('import_upload').select(['status', 'import_id']).where('token', '=', token).executeTakeFirstOrThrow());

describe('the hourly sweep', () => {
  it('deletes sessions past the idle limit and sign-in attempts past the longest throttling window, and keeps the rest', async () => {
    await createSession(db.kysely, hashToken('old'), userId, ago(31 * 60_000));
    await createSession(db.kysely, hashToken('fresh'), userId, ago(5 * 60_000));
    await db.kysely
      .insertInto('login_attempt')
      .values([
        { username: 'x', address: '192.0.2.1', at: ago(61 * 60_000), outcome: 'failed' },
        { username: 'x', address: '192.0.2.1', at: ago(60_000), outcome: 'failed' },
      ])
      .execute();

    const result = await sweep(db.kysely, { now: NOW, sessionIdleMinutes: 30 });

    expect(result).toMatchObject({ sessions: 1, loginFailures: 1, expiredUploads: 0 });
    expect(await db.kysely.selectFrom('user_session').select('token_hash').execute()).toEqual([{ token_hash: hashToken('fresh') }]);
    expect(await db.kysely.selectFrom('login_attempt').select('at').execute()).toEqual([{ at: ago(60_000) }]);
  });

  it('cancels previews left unconfirmed for a day, removes their files and says so in the audit log; nothing younger or settled', async () => {
    const stale = await upload('previewed', ago(UPLOAD_KEEP_MS + 60_000));
    const staleRefused = await upload('refused', ago(UPLOAD_KEEP_MS + 60_000));
    const young = await upload('previewed', ago(UPLOAD_KEEP_MS - 60_000));
    const committed = await upload('committed', ago(3 * UPLOAD_KEEP_MS));

    const result = await sweep(db.kysely, { now: NOW, sessionIdleMinutes: 30 });

    expect(result?.expiredUploads).toBe(2);
    for (const u of [stale, staleRefused]) {
      expect((await statusOf(u.token)).status).toBe('cancelled');
      for (const file of u.files) expect(fs.existsSync(file)).toBe(false);
    }
    for (const [u, status] of [
      [young, 'previewed'],
      [committed, 'committed'],
    ] as const) {
      expect((await statusOf(u.token)).status).toBe(status);
      for (const file of u.files) expect(fs.existsSync(file)).toBe(true);
    }
    const entries = await db.kysely.selectFrom('audit_log').select(['actor', 'action', 'detail']).where('action', '=', 'upload-expired').execute();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor: 'system' });
    expect(JSON.parse(String(entries[0].detail))).toEqual({ file: 'danh-muc.csv', uploadedBy: 'canbo' });

    // A second sweep finds nothing more to do.
    expect((await sweep(db.kysely, { now: NOW, sessionIdleMinutes: 30 }))?.expiredUploads).toBe(0);
  });

  it('shows an expired preview as cancelled to the clerk who comes back to it', async () => {
    const stale = await upload('previewed', ago(UPLOAD_KEEP_MS + HOUR));
    await sweep(db.kysely, { now: NOW, sessionIdleMinutes: 30 });
    const app = createApp({ db, config: testConfig, clock: { now: () => NOW }, log: () => undefined });
    const agent = request.agent(app);
    const login = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
    await agent.post('/login').type('form').send({ _csrf: token, username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
    const page = await agent.get(`/imports/uploads/${stale.token}`).expect(200);
    expect(page.text).toContain('Đã huỷ');
    // A form drawn after signing in (the sign-in page's token belonged to the visit before it).
    const signedIn = await agent.get('/imports/new').expect(200);
    await agent.post(`/imports/uploads/${stale.token}/confirm`).type('form').send({ _csrf: csrfFrom(signedIn.text) }).expect(303);
    expect((await statusOf(stale.token)).status).toBe('cancelled');
  });
});

describe('settling uploads a restart interrupted', () => {
  it('fails a check, and a commit that never committed; completes a commit whose import run is there', async () => {
    // On PostgreSQL another instance may be at work on recent uploads: only those hours old are settled there.
    const earlier = testingOnPostgres ? INTERRUPTED_AFTER_MS : 0;
    const checking = await upload('checking', ago(earlier + HOUR));
    const rolledBack = await upload('committing', ago(earlier + HOUR), 'b'.repeat(64));
    const file = writeCsv(csv([HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', '', '', '', '']]));
    const landed = await upload('committing', ago(earlier + 2 * HOUR));
    const report = await importFile(db, file, {}, { now: () => new Date(NOW.getTime() - earlier - HOUR) });
    // The commit wrote its run from the same file (same hash) after the upload moved to "committing".
    await db.kysely.updateTable('import_run').set({ sha256: 'a'.repeat(64) }).where('id', '=', report.importId!).execute();
    const untouched = await upload('previewed', ago(earlier + HOUR));

    expect(await settleInterruptedUploads(db.kysely, NOW)).toBe(3);

    expect(await statusOf(checking.token)).toEqual({ status: 'failed', import_id: null });
    expect(await statusOf(rolledBack.token)).toEqual({ status: 'failed', import_id: null });
    expect(await statusOf(landed.token)).toEqual({ status: 'committed', import_id: report.importId });
    expect((await statusOf(untouched.token)).status).toBe('previewed');
    for (const u of [checking, rolledBack, landed]) for (const f of u.files) expect(fs.existsSync(f)).toBe(false);
    expect(untouched.files.every((f) => fs.existsSync(f))).toBe(true);
  });
});
