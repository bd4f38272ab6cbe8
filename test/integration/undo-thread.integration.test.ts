/**
 * An undo on a SQLite file runs in its own thread (db/undo-thread.ts), so that its synchronous statements do not
 * hold the app's event loop (issue #14). It must do exactly what the same undo does on the app's own thread:
 * the same catalogue afterwards, the same result, the same progress told in order, and a refusal as a result.
 */
import path from 'node:path';
import type { CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { openSqlite } from '../../db/sqlite';
import { undoImport } from '../../db/undo-import';
import { undoImportAside } from '../../db/undo-thread';
import { importFile } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, HEADER, tempDir, writeCsv } from '../helpers';

const clock = fixedClock();
const NOW = '2026-11-23T03:00:00.000Z';

function rows(level: string, count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`1.00${String(1000 + i)}`, `Thủ tục ${i}`, i % 2 ? 'Sở Tư pháp' : 'UBND xã Bình Châu', level, 'Hộ tịch', 'Cấp tỉnh', 'Có', '']);
}

/** A file database with a first import and a second that changes every offering and adds some. */
async function twoImports(file: string): Promise<{ db: CatalogueDb; second: number }> {
  const db = openSqlite(file);
  await migrateToLatest(db.kysely);
  expect((await importFile(db, writeCsv(csv([HEADER, ...rows('3', 300)])), {}, clock)).status).toBe('imported');
  const report = await importFile(db, writeCsv(csv([HEADER, ...rows('4', 340)])), {}, clock);
  expect(report.status).toBe('imported');
  return { db, second: report.importId as number };
}

/** The catalogue without what differs between two runs of the same imports (their files' names and durations). */
function comparable(dump: Record<string, unknown[]>) {
  return { ...dump, import_run: dump.import_run.map((run) => ({ ...(run as object), file_name: null, duration_ms: null })) };
}

describe('an undo in its own thread', () => {
  it('leaves the same catalogue as the undo on this thread, with the same result and progress', async () => {
    const dir = tempDir();
    const here = await twoImports(path.join(dir, 'here.db'));
    const aside = await twoImports(path.join(dir, 'aside.db'));
    try {
      const hereSteps: string[] = [];
      const expected = await undoImport(here.db, here.second, NOW, (n) => hereSteps.push(`progress ${n}`), () => hereSteps.push('start'));
      const asideSteps: string[] = [];
      const writer = aside.db.openAnother();
      const result = await undoImportAside(writer, aside.second, NOW, (n) => asideSteps.push(`progress ${n}`), () => asideSteps.push('start'));
      await writer.close();
      expect(result).toEqual(expected);
      expect(result).toMatchObject({ ok: true, restored: 300, removed: 40 });
      expect(asideSteps).toEqual(hereSteps);
      expect(asideSteps[0]).toBe('start');
      // The app's own connection sees the undo's commit.
      expect(comparable(await dumpCatalogue(aside.db))).toEqual(comparable(await dumpCatalogue(here.db)));
    } finally {
      await here.db.close();
      await aside.db.close();
    }
  });

  it('answers a refused undo as a result, and an undo already done as such', async () => {
    const { db, second } = await twoImports(path.join(tempDir(), 'refused.db'));
    try {
      const writer = db.openAnother();
      expect(await undoImportAside(writer, 9999, NOW, () => undefined, () => undefined)).toEqual({ ok: false, reason: 'not-found' });
      expect((await undoImportAside(writer, second, NOW, () => undefined, () => undefined)).ok).toBe(true);
      expect(await undoImportAside(writer, second, NOW, () => undefined, () => undefined)).toEqual({ ok: false, reason: 'already-undone' });
      await writer.close();
    } finally {
      await db.close();
    }
  });
});
