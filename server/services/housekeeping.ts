/**
 * What nobody asks for but a server running for months needs: sign-in sessions past their idle limit and
 * old sign-in attempts (and addresses unused for 90 days) are deleted; previews nobody confirmed or cancelled within a day are cancelled and
 * their files removed; uploads a restart interrupted are settled, so that their page does not say
 * "checking…" for ever. Runs at start and then every hour (server/main.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { audit, deleteIdleSessions } from '../../db/account-repository';
import { exclusively, isPostgres, LOCK_KEYS } from '../../db/dialect';
import { removeUploadFiles } from './import-jobs';
import { ATTEMPT_KEEP_MS, THROTTLE } from './sign-in-service';

/** How long a preview waits for its confirmation before it is cancelled and its file removed. */
export const UPLOAD_KEEP_MS = 24 * 3600_000;

export interface SweepResult {
  sessions: number;
  loginFailures: number;
  expiredUploads: number;
  interruptedUploads: number;
}

/** The regular sweep: idle sessions, old failed sign-ins, previews left waiting for a day. */
export async function sweep(db: Kysely<Database>, options: { now: Date; sessionIdleMinutes: number }): Promise<SweepResult | null> {
  // Several app instances on one PostgreSQL database: one sweeps, the others skip this round (null).
  return exclusively(db, LOCK_KEYS.housekeeping, () => sweepNow(db, options));
}

async function sweepNow(db: Kysely<Database>, options: { now: Date; sessionIdleMinutes: number }): Promise<SweepResult> {
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
  return { sessions, loginFailures: Number(failures.numDeletedRows), expiredUploads, interruptedUploads };
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
