/** Undoing an import, for an administrator: the catalogue put back, and the undo in the audit log. */
import type { Kysely } from 'kysely';
import { audit } from '../../db/account-repository';
import type { Database } from '../../db/schema';
import { undoPlan, type UndoResult } from '../../db/undo-import';
import { touchUploadOfImport } from '../../db/upload-repository';
import type { Actor } from './account-service';
import type { ImportJobs } from './import-jobs';

/**
 * The undo runs on the import jobs' own connection, in turn with the imports; the audit entry on the web's.
 * Its progress moves towards the offerings its plan counts (those the undo page promised).
 */
export async function undoImportRun(jobs: ImportJobs, db: Kysely<Database>, importId: number, actor: Actor & { userId: number }): Promise<UndoResult> {
  const now = actor.now.toISOString();
  const plan = await undoPlan(db, importId);
  const result = await jobs.undo(importId, now, { userId: actor.userId, offerings: plan.restored + plan.removed });
  if (result.ok) {
    const detail = { importId, restored: result.restored, removed: result.removed, procedures: result.procedures };
    await audit(db, { at: now, actor: actor.name, action: 'import-undone', detail, address: actor.address ?? null });
    await touchUploadOfImport(db, importId, now);
  }
  return result;
}
