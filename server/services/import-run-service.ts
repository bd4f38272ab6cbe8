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
 * Its progress moves towards the offerings its plan counts (those the undo page promised). Asked again while
 * the same import's undo is under way, it starts nothing: `joined` says the answer is the first undo's.
 */
export function undoImportRun(
  jobs: ImportJobs,
  db: Kysely<Database>,
  importId: number,
  actor: Actor & { userId: number },
): { result: Promise<UndoResult>; joined: boolean } {
  const now = actor.now.toISOString();
  const offerings = async () => {
    const plan = await undoPlan(db, importId);
    return plan.restored + plan.removed;
  };
  const { result, joined } = jobs.undo(importId, now, { userId: actor.userId, offerings });
  if (joined) return { result, joined };
  const audited = result.then(async (outcome) => {
    if (outcome.ok) {
      const detail = { importId, restored: outcome.restored, removed: outcome.removed, procedures: outcome.procedures };
      await audit(db, { at: now, actor: actor.name, action: 'import-undone', detail, address: actor.address ?? null });
      await touchUploadOfImport(db, importId, now);
    }
    return outcome;
  });
  return { result: audited, joined };
}
