/**
 * The web import runs, on a SQLite file, in a thread of its own (imports/import-thread.ts), so that its
 * synchronous statements — its commit above all, 0.27 s after a re-import of 120,000 offerings, 2.3 s of 1,000,000 — do not hold
 * the app's event loop (issue #14). It must do exactly what the same import does on this thread: the same
 * report, the same catalogue afterwards, the same changes, problems and progress told in the same order, the
 * same clock, and a refusal or a dry run as a result.
 */
import path from 'node:path';
import type { CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { openSqlite } from '../../db/sqlite';
import type { Clock } from '../../domain/time';
import { importFileAside } from '../../imports/import-thread';
import { importFile, type ImportOptions, type ImportReport } from '../../imports/run-import';
import { csv, dumpCatalogue, HEADER, tempDir, writeCsv } from '../helpers';

/** A clock that moves a second each time it is asked: both runs must ask it the same number of times. */
function steppingClock(): Clock {
  let at = Date.parse('2026-11-23T03:00:00.000Z');
  return { now: () => new Date((at += 1000)) };
}

function rows(level: (i: number) => string, count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`1.00${String(3000 + i)}`, `Thủ tục ${i}`, i % 3 ? 'Sở Tư pháp' : 'UBND xã Bình Châu; Sở Tư pháp', level(i), 'Hộ tịch', 'Cấp tỉnh', 'Có', '']);
}

async function freshDb(name: string): Promise<CatalogueDb> {
  const db = openSqlite(path.join(tempDir(), `${name}-${Date.now()}.db`));
  await migrateToLatest(db.kysely);
  return db;
}

/** What a run tells: its callbacks in order, and its report without the time it took. */
async function run(how: 'here' | 'aside', db: CatalogueDb, file: string, options: ImportOptions, clock: Clock) {
  const told: string[] = [];
  const all: ImportOptions = {
    ...options,
    onChange: (c) => told.push(`change ${c.line} ${c.code} ${c.agency} ${c.outcome} ${c.before?.level ?? '-'}→${c.after?.level ?? '-'}`),
    onProblem: (p, severity) => told.push(`${severity} ${p.line} ${p.column ?? ''} ${p.message}`),
    onProgress: (_bytes, total, rows) => told.push(`progress ${total} ${rows}`),
  };
  const writer = db.openAnother();
  try {
    const report = how === 'here' ? await importFile(db, file, all, clock) : await importFileAside(writer, file, all, clock);
    return { told, report: { ...report, durationMs: 0 } as ImportReport };
  } finally {
    await writer.close();
  }
}

function comparable(dump: Record<string, unknown[]>) {
  return { ...dump, import_run: dump.import_run.map((r) => ({ ...(r as object), duration_ms: null })) };
}

describe('an import in its own thread', () => {
  it('gives the same report, callbacks, clock and catalogue as the import on this thread', async () => {
    const first = writeCsv(csv([HEADER, ...rows(() => '3', 200)]));
    // The second changes most offerings, adds some, and has bad rows it skips (a level that does not exist).
    const second = writeCsv(csv([HEADER, ...rows((i) => (i % 17 === 0 ? 'Mức độ 9' : '4'), 260)]));
    const here = await freshDb('here');
    const aside = await freshDb('aside');
    try {
      for (const [file, options] of [
        [first, {}],
        [second, { dryRun: true, previewValid: true }],
        [second, { skipInvalid: true }],
      ] as [string, ImportOptions][]) {
        const hereClock = steppingClock();
        const asideClock = steppingClock();
        const expected = await run('here', here, file, options, hereClock);
        const got = await run('aside', aside, file, options, asideClock);
        expect(got.report).toEqual(expected.report);
        expect(got.told).toEqual(expected.told);
        expect(asideClock.now()).toEqual(hereClock.now());
      }
      expect(comparable(await dumpCatalogue(aside))).toEqual(comparable(await dumpCatalogue(here)));
      const runs = await aside.kysely.selectFrom('import_run').select(['rows_read', 'updated', 'rejected']).orderBy('id').execute();
      expect(runs).toEqual([
        { rows_read: 200, updated: 0, rejected: 0 },
        { rows_read: 260, updated: expect.any(Number), rejected: 16 },
      ]);
      expect(runs[1]!.updated).toBeGreaterThan(100);
    } finally {
      await here.close();
      await aside.close();
    }
  });

  it('a refused file is a report, and leaves the catalogue as it was', async () => {
    const db = await freshDb('refused');
    try {
      const before = await dumpCatalogue(db);
      const { report, told } = await run('aside', db, writeCsv(csv([HEADER, ...rows((i) => (i === 5 ? 'năm' : '2'), 30)])), {}, steppingClock());
      expect(report.status).toBe('refused');
      expect(report.errorCount).toBe(1);
      expect(told.filter((t) => t.startsWith('error'))).toHaveLength(1);
      expect(await dumpCatalogue(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it('an error in the thread is thrown here, with its message', async () => {
    const db = await freshDb('error');
    const writer = db.openAnother();
    try {
      await expect(importFileAside(writer, writeCsv(csv([HEADER, ...rows(() => '2', 3)])), { asOf: '2026-13-45' }, steppingClock())).rejects.toThrow(
        'Ngày hiệu lực "2026-13-45" không hợp lệ',
      );
    } finally {
      await writer.close();
      await db.close();
    }
  });
});
