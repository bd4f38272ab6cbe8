/**
 * What nobody asks for but a server running for months needs: sign-in sessions past their idle limit and
 * old sign-in attempts (and addresses unused for 90 days) are deleted; previews nobody confirmed or cancelled within a day are cancelled and
 * their files removed; uploads a restart interrupted are settled, so that their page does not say
 * "checking…" for ever. Runs at start and then every hour (server/main.ts).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { audit, deleteIdleSessions } from '../../db/account-repository';
import { exclusively, isPostgres, LOCK_KEYS } from '../../db/dialect';
import { deleteOldProgress } from '../../db/progress-repository';
import { changesPath, errorsPath, removeUploadFiles } from './import-jobs';
import { ATTEMPT_KEEP_MS, THROTTLE } from './sign-in-service';

/** How long a preview waits for its confirmation before it is cancelled and its file removed. */
export const UPLOAD_KEEP_MS = 24 * 3600_000;

/**
 * The changes and errors files kept with an import stay for as long as it stands. Once it is undone they stay
 * this long more (its page still shows what was undone), then go; they go at once when its import is deleted.
 */
export const KEPT_AFTER_UNDO_MS = 30 * 24 * 3600_000;

/**
 * A file in the upload folder that no upload needs (an upload abandoned half-way, a file whose removal failed)
 * is removed once it has not been written for this long: a day, as a preview nobody confirms.
 */
export const ORPHAN_AFTER_MS = 24 * 3600_000;

/** Progress of long work is read while the work runs and just after: a day later it serves no page. */
const PROGRESS_KEEP_MS = 24 * 3600_000;

export interface SweepResult {
  sessions: number;
  loginFailures: number;
  expiredUploads: number;
  interruptedUploads: number;
  /** Imports whose kept files went (undone and past KEPT_AFTER_UNDO_MS, or deleted). */
  keptFilesRemoved: number;
  /** Files of the upload folder that no upload needed. */
  orphanFilesRemoved: number;
}

type SweepOptions = { now: Date; sessionIdleMinutes: number; uploadDir?: string };

/** The regular sweep: idle sessions, old failed sign-ins, previews left waiting for a day. */
export async function sweep(db: Kysely<Database>, options: SweepOptions): Promise<SweepResult | null> {
  // Several app instances on one PostgreSQL database: one sweeps, the others skip this round (null).
  return exclusively(db, LOCK_KEYS.housekeeping, () => sweepNow(db, options));
}

async function sweepNow(db: Kysely<Database>, options: SweepOptions): Promise<SweepResult> {
  const now = options.now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const sessions = await deleteIdleSessions(db, iso(now - options.sessionIdleMinutes * 60_000));
  const failures = await db.deleteFrom('login_attempt').where('at', '<=', iso(now - ATTEMPT_KEEP_MS)).executeTakeFirst();
  await db.deleteFrom('known_sign_in').where('last_at', '<=', iso(now - THROTTLE.knownForMs)).execute();

  const stale = await db
    .selectFrom('import_upload')
    .innerJoin('app_user', 'app_user.id', 'import_upload.user_id')
    .select(['import_upload.token', 'import_upload.stored_path', 'import_upload.file_name', 'app_user.username'])
    .where('import_upload.status', 'in', ['previewed', 'refused'])
    .where('import_upload.updated_at', '<=', iso(now - UPLOAD_KEEP_MS))
    .execute();
  let expiredUploads = 0;
  for (const upload of stale) {
    // Only if it is still waiting: a confirmation that got there first wins.
    const moved = await db
      .updateTable('import_upload')
      .set({ status: 'cancelled', updated_at: iso(now) })
      .where('token', '=', upload.token)
      .where('status', 'in', ['previewed', 'refused'])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) continue;
    expiredUploads++;
    await removeUploadFiles({ storedPath: upload.stored_path });
    await audit(db, { at: iso(now), actor: 'system', action: 'upload-expired', detail: { file: upload.file_name, uploadedBy: upload.username } });
  }
  const interruptedUploads = isPostgres(db) ? await settleInterruptedUploads(db, options.now) : 0;
  await deleteOldProgress(db, iso(now - PROGRESS_KEEP_MS));
  const keptFilesRemoved = await removeKeptFiles(db, options.now);
  const orphanFilesRemoved = options.uploadDir ? await removeOrphanFiles(db, options.uploadDir, options.now) : 0;
  return { sessions, loginFailures: Number(failures.numDeletedRows), expiredUploads, interruptedUploads, keptFilesRemoved, orphanFilesRemoved };
}

const exists = (file: string) => fs.existsSync(file);

/**
 * The kept files of imports undone more than KEPT_AFTER_UNDO_MS ago (the upload's row is touched when its
 * import is undone), and of imports no longer in the catalogue. The upload's row stays: the import's page
 * then shows the counts without the list of changes.
 */
async function removeKeptFiles(db: Kysely<Database>, now: Date): Promise<number> {
  const committed = await db
    .selectFrom('import_upload')
    .select(['stored_path', 'import_id', 'updated_at'])
    .where('status', '=', 'committed')
    .where('import_id', 'is not', null)
    .execute();
  if (committed.length === 0) return 0;
  const runs = new Map<number, string>();
  const ids = committed.map((u) => u.import_id!);
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db.selectFrom('import_run').select(['id', 'status']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const run of found) runs.set(run.id, run.status);
  }
  const undoneBefore = new Date(now.getTime() - KEPT_AFTER_UNDO_MS).toISOString();
  let removed = 0;
  for (const upload of committed) {
    const status = runs.get(upload.import_id!);
    const goes = status === undefined || (status === 'undone' && upload.updated_at <= undoneBefore);
    const files = [changesPath({ storedPath: upload.stored_path }), errorsPath({ storedPath: upload.stored_path })];
    if (!goes || !files.some(exists)) continue;
    await removeUploadFiles({ storedPath: upload.stored_path });
    removed++;
  }
  return removed;
}

/** Files of the upload folder that no upload needs, not written for ORPHAN_AFTER_MS. */
async function removeOrphanFiles(db: Kysely<Database>, uploadDir: string, now: Date): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(uploadDir);
  } catch {
    return 0;
  }
  const needed = new Set<string>();
  const uploads = await db.selectFrom('import_upload').select(['stored_path', 'status']).where('status', 'not in', ['cancelled', 'failed']).execute();
  for (const u of uploads) {
    const stored = path.resolve(u.stored_path);
    // A committed upload's own file went at commit; its changes and errors stay with the import.
    if (u.status !== 'committed') needed.add(stored);
    needed.add(path.resolve(changesPath({ storedPath: stored })));
    needed.add(path.resolve(errorsPath({ storedPath: stored })));
  }
  const before = now.getTime() - ORPHAN_AFTER_MS;
  let removed = 0;
  for (const name of names) {
    const file = path.resolve(uploadDir, name);
    if (needed.has(file)) continue;
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat || !stat.isFile() || stat.mtimeMs > before) continue;
    await fsp.rm(file, { force: true });
    removed++;
  }
  return removed;
}

/**
 * At start, before any job runs: an upload still "checking" or "committing" belongs to a process that is
 * gone. A check wrote nothing; a commit either committed (its import run is there, made from the same file
 * after the upload last moved) or was rolled back by the database.
 *
 * Several app instances on one PostgreSQL database: another instance may be checking or committing right now,
 * so only uploads that have not moved for INTERRUPTED_AFTER_MS are settled, at start and by every sweep.
 */
export const INTERRUPTED_AFTER_MS = 6 * 3600_000;

export async function settleInterruptedUploads(db: Kysely<Database>, now: Date): Promise<number> {
  let query = db
    .selectFrom('import_upload')
    .select(['token', 'status', 'sha256', 'stored_path', 'updated_at'])
    .where('status', 'in', ['checking', 'committing']);
  if (isPostgres(db)) query = query.where('updated_at', '<=', new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString());
  const stuck = await query.execute();
  for (const upload of stuck) {
    const run =
      upload.status === 'committing'
        ? await db
            .selectFrom('import_run')
            .select('id')
            .where('sha256', '=', upload.sha256)
            .where('started_at', '>=', upload.updated_at)
            .orderBy('id', 'desc')
            .executeTakeFirst()
        : undefined;
    await db
      .updateTable('import_upload')
      .set(run ? { status: 'committed', import_id: run.id, updated_at: now.toISOString() } : { status: 'failed', updated_at: now.toISOString() })
      .where('token', '=', upload.token)
      .execute();
    await removeUploadFiles({ storedPath: upload.stored_path });
  }
  return stuck.length;
}
