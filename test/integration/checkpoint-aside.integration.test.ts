/**
 * The web import's connection (openAnother({ backgroundWrites: true })) leaves SQLite's checkpoint to a thread
 * of its own (db/checkpoint-thread.ts): copying a large commit's log into the file is synchronous, and took
 * 1.8 s of the app's event loop after a re-import of 1,000,000 offerings (issue #14). What it commits must
 * still reach the database file itself, not only the log, by the time its commit returns.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { migrateToLatest } from '../../db/migrate';
import { openSqlite } from '../../db/sqlite';
import { checkpointAside } from '../../db/checkpoint-thread';
import { importFile } from '../../imports/run-import';
import { csv, fixedClock, HEADER, tempDir, writeCsv } from '../helpers';

const clock = fixedClock();

function rows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`1.00${String(2000 + i)}`, `Thủ tục ${i}`, 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '']);
}

/** The offerings the database file holds by itself, read from a copy of it without its write-ahead log. */
function offeringsInFileAlone(file: string, dir: string): number {
  const copy = path.join(dir, `alone-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(file, copy);
  const raw = new BetterSqlite3(copy, { readonly: true });
  try {
    return (raw.prepare('SELECT count(*) AS n FROM offering').get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('checkpoints beside the pages', () => {
  it("the import connection's commit is in the database file when it returns, its own checkpoint off", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'with-thread.db');
    const db = openSqlite(file);
    await migrateToLatest(db.kysely);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
    const writer = db.openAnother({ backgroundWrites: true });
    try {
      const before = offeringsInFileAlone(file, dir);
      expect(before).toBe(0);
      const report = await importFile(writer, writeCsv(csv([HEADER, ...rows(120)])), {}, clock);
      expect(report.status).toBe('imported');
      // SQLite's own checkpoint is off on this connection: a small commit would otherwise stay in the log
      // (SQLite checkpoints itself after 1,000 pages), so what the file holds was copied by the thread.
      const auto = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(writer.kysely);
      expect(auto.rows[0]?.wal_autocheckpoint).toBe(0);
      expect(offeringsInFileAlone(file, dir)).toBe(120);
    } finally {
      await writer.close();
      await db.close();
    }
  });

  it('a connection without it leaves a small commit in the log (what the test above would see without the thread)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'without-thread.db');
    const db = openSqlite(file);
    await migrateToLatest(db.kysely);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
    const other = db.openAnother();
    try {
      expect((await importFile(other, writeCsv(csv([HEADER, ...rows(120)])), {}, clock)).status).toBe('imported');
      expect(offeringsInFileAlone(file, dir)).toBe(0);
    } finally {
      await other.close();
      await db.close();
    }
  });

  it('reports a file it cannot open instead of failing', async () => {
    const message = await checkpointAside(path.join(tempDir(), 'missing.db'));
    expect(message.type).toBe('error');
  });
});
