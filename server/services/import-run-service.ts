/** Undoing an import, for an administrator: the catalogue put back, and the undo in the audit log. */
import type { Kysely } from 'kysely';
import { audit } from '../../db/account-repository';
import type { Database } from '../../db/schema';
import type { UndoResult } from '../../db/undo-import';
import type { Actor } from './account-service';
import type { ImportJobs } from './import-jobs';

export async function undoImportRun(db: Kysely<Database>, jobs: ImportJobs, importId: number, actor: Actor): Promise<UndoResult> {
  const result = await jobs.undo(importId);
  if (result.ok) {
    const detail = { importId, restored: result.restored, removed: result.removed, procedures: result.procedures };
    await audit(db, { at: actor.now.toISOString(), actor: actor.name, action: 'import-undone', detail, address: actor.address ?? null });
  }
  return result;
}
