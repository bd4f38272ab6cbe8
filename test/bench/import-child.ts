/**
 * One import, in its own process so that its peak memory is its own: either the project's importer
 * (`project`: importFile with validation, history and everything, on a migrated database) or the bare
 * floor (`floor`: csv-parse and plain prepared inserts into one flat table, in one transaction).
 *
 *   node dist/test/bench/import-child.js project|floor <database file> <csv file> [--as-of YYYY-MM-DD]
 *
 * The result goes to the parent over IPC when there is one, else to stdout as JSON (handy with
 * `node --cpu-prof`).
 */
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse';
import { readWorkbookBatches } from '../../imports/read-xlsx';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { importFile } from '../../imports/run-import';

/** floor-xlsx: the same floor for a workbook, read as the importer reads it (imports/read-xlsx.ts) in place of csv-parse. */
export type ImportMode = 'project' | 'floor' | 'floor-xlsx';

export interface ImportResult {
  mode: ImportMode;
  /** Data rows read (the header not counted). */
  rows: number;
  ms: number;
  rowsPerSecond: number;
  /** CPU time (user + system) of the import: steadier than the wall clock on a busy machine. */
  cpuMs: number;
  /** Peak resident set size of this process, in KB (getrusage's ru_maxrss). */
  maxRssKb: number;
  /** The importer's report in short (project mode only). */
  status?: string;
  counts?: Record<string, number>;
  errorCount?: number;
  warningCount?: number;
  firstProblems?: string[];
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function cpuMsSince(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

async function runProject(databaseFile: string, csvFile: string, asOf: string): Promise<ImportResult> {
  const db = openDatabase(`sqlite:${databaseFile}`);
  await migrateToLatest(db.kysely);
  const startedCpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const report = await importFile(db, csvFile, { asOf, runBy: 'bench', keepProblems: 5 });
  const ms = elapsedMs(started);
  const cpuMs = cpuMsSince(startedCpu);
  await db.close();
  const rows = report.counts.rowsRead;
  return {
    mode: 'project',
    rows,
    ms,
    rowsPerSecond: rows / (ms / 1000),
    cpuMs,
    maxRssKb: process.resourceUsage().maxRSS,
    status: report.status,
    counts: { ...report.counts },
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    firstProblems: [...report.errors, ...report.warnings]
      .slice(0, 5)
      .map((p) => `line ${p.line}, ${p.column}: ${p.message}`)
      .concat(report.fileError ? [report.fileError.message] : []),
  };
}

/** The fastest the stack goes: parse, bind, insert; no validation, no lookups, no indexes. */
async function runFloor(databaseFile: string, csvFile: string): Promise<ImportResult> {
  const raw = new BetterSqlite3(databaseFile);
  // The same journal and durability settings as the project's database (db/sqlite.ts).
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const startedCpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const parser = fs.createReadStream(csvFile, { highWaterMark: 256 * 1024 }).pipe(parse({ bom: true }));
  let insert: BetterSqlite3.Statement | null = null;
  let rows = 0;
  raw.exec('BEGIN');
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!insert) {
      const columns = record.map((_, i) => `c${i + 1}`);
      raw.exec(`CREATE TABLE offering_flat (${columns.map((c) => `${c} TEXT`).join(', ')})`);
      insert = raw.prepare(`INSERT INTO offering_flat VALUES (${columns.map(() => '?').join(', ')})`);
      continue;
    }
    insert.run(record);
    rows++;
  }
  raw.exec('COMMIT');
  const ms = elapsedMs(started);
  const cpuMs = cpuMsSince(startedCpu);
  raw.close();
  return { mode: 'floor', rows, ms, rowsPerSecond: rows / (ms / 1000), cpuMs, maxRssKb: process.resourceUsage().maxRSS };
}

/**
 * The floor for a workbook: the first sheet read as the importer reads it (imports/read-xlsx.ts: exceljs's
 * parsers, parts in the zip's dependency order), its values bound as they come, nothing checked.
 */
async function runXlsxFloor(databaseFile: string, xlsxFile: string): Promise<ImportResult> {
  const raw = new BetterSqlite3(databaseFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const startedCpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let insert: BetterSqlite3.Statement | null = null;
  let width = 0;
  let rows = 0;
  raw.exec('BEGIN');
  for await (const batch of readWorkbookBatches(xlsxFile, undefined)) {
    for (const record of batch) {
      const values = [...record.cells];
      if (!insert) {
        width = values.length;
        const columns = values.map((_, i) => `c${i + 1}`);
        raw.exec(`CREATE TABLE offering_flat (${columns.map((c) => `${c} TEXT`).join(', ')})`);
        insert = raw.prepare(`INSERT INTO offering_flat VALUES (${columns.map(() => '?').join(', ')})`);
        continue;
      }
      while (values.length < width) values.push('');
      insert.run(values.slice(0, width));
      rows++;
    }
  }
  raw.exec('COMMIT');
  const ms = elapsedMs(started);
  const cpuMs = cpuMsSince(startedCpu);
  raw.close();
  return { mode: 'floor-xlsx', rows, ms, rowsPerSecond: rows / (ms / 1000), cpuMs, maxRssKb: process.resourceUsage().maxRSS };
}

export async function runImport(mode: ImportMode, databaseFile: string, csvFile: string, asOf = '2026-01-01'): Promise<ImportResult> {
  if (mode === 'project') return runProject(databaseFile, csvFile, asOf);
  if (mode === 'floor') return runFloor(databaseFile, csvFile);
  if (mode === 'floor-xlsx') return runXlsxFloor(databaseFile, csvFile);
  throw new Error(`unknown import mode "${String(mode)}"`);
}

if (require.main === module) {
  const [mode, databaseFile, csvFile, ...rest] = process.argv.slice(2);
  const asOfIndex = rest.indexOf('--as-of');
  if (!mode || !databaseFile || !csvFile) {
    console.error('usage: import-child.js project|floor|floor-xlsx <database file> <csv or xlsx file> [--as-of YYYY-MM-DD]');
    process.exit(2);
  }
  runImport(mode as ImportMode, databaseFile, csvFile, asOfIndex >= 0 ? rest[asOfIndex + 1] : undefined).then(
    (result) => {
      if (process.send) process.send(result, () => process.exit(0));
      else console.log(JSON.stringify(result));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
