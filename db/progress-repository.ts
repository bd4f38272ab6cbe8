/**
 * The progress of long work, in the web's state: written by the instance doing the work, read by whichever
 * instance serves the page that polls it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WorkProgressTable } from './schema';

export interface WorkProgress {
  key: string;
  userId: number;
  phase: WorkProgressTable['phase'];
  state: WorkProgressTable['state'];
  done: number;
  total: number | null;
  bytesRead: number;
  totalBytes: number;
  rate: number | null;
  result: unknown;
  startedAt: string;
  updatedAt: string;
}

export const uploadWorkKey = (token: string) => `upload:${token}`;
export const undoWorkKey = (importId: number) => `undo:${importId}`;

export async function saveProgress(db: Kysely<Database>, p: Omit<WorkProgress, 'result'> & { result?: unknown }): Promise<void> {
  const row = {
    user_id: p.userId,
    phase: p.phase,
    state: p.state,
    done: p.done,
    total: p.total,
    bytes_read: p.bytesRead,
    total_bytes: p.totalBytes,
    rate: p.rate === null ? null : Math.round(p.rate),
    result: p.result === undefined ? null : JSON.stringify(p.result),
    started_at: p.startedAt,
    updated_at: p.updatedAt,
  };
  await db
    .insertInto('work_progress')
    .values({ work_key: p.key, ...row })
    .onConflict((oc) => oc.column('work_key').doUpdateSet(row))
    .execute();
}

function fromRow(row: Selectable<WorkProgressTable>): WorkProgress {
  const n = (v: unknown) => (v === null ? null : Number(v));
  return {
    key: row.work_key,
    userId: row.user_id,
    phase: row.phase,
    state: row.state,
    done: Number(row.done),
    total: n(row.total),
    bytesRead: Number(row.bytes_read),
    totalBytes: Number(row.total_bytes),
    rate: n(row.rate),
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  };
}

export async function findProgress(db: Kysely<Database>, key: string): Promise<WorkProgress | null> {
  const row = await db.selectFrom('work_progress').selectAll().where('work_key', '=', key).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Finished (or abandoned) progress rows older than `before`: the pages they served have their result by now. */
export async function deleteOldProgress(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db.deleteFrom('work_progress').where('updated_at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
