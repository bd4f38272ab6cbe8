/**
 * The same generated catalogue imported into SQLite and into PostgreSQL, side by side in one run: a first
 * import into an empty database, then the same file again (every row unchanged).
 *   npm run build && node dist/test/bench/backend-import.js [rows] postgres://…/empty-db
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { importFile } from '../../imports/run-import';
import { writeCatalogueCsv } from './generate';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 120_000);
  const postgres = process.argv[3];
  if (!postgres || !Number.isInteger(rows) || rows <= 0) throw new Error('usage: backend-import.js <rows> <postgres://… empty database>');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvc-backend-bench-'));
  const file = path.join(dir, 'catalogue.csv');
  writeCatalogueCsv(file, { rows, seed: 1 });
  try {
    for (const url of [`sqlite:${path.join(dir, 'catalogue.db')}`, postgres]) {
      const db = openDatabase(url);
      try {
        await migrateToLatest(db.kysely);
        for (const round of ['first import', 'same file again']) {
          const started = Date.now();
          const report = await importFile(db, file, {});
          if (report.status !== 'imported') throw new Error(`${url}: ${report.status}`);
          console.log(`${db.dialect.padEnd(8)} ${round.padEnd(16)} ${String(report.counts.inserted).padStart(7)} new ${String(report.counts.unchanged).padStart(7)} unchanged  ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      } finally {
        await db.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
