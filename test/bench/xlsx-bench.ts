/**
 * The importer on a workbook: the benchmark's generated catalogue written as an .xlsx (exceljs's streaming
 * writer, shared strings, as Excel keeps them), then imported by the project's importer beside a floor of
 * the importer's own workbook reader (imports/read-xlsx.ts) and plain prepared inserts, each in its own
 * process (import-child.ts), so that each one's peak memory is its own. The fastest of each over the rounds counts.
 *
 *   npm run build && node dist/test/bench/xlsx-bench.js [--rows N] [--rounds N] [--keep]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DEFAULT_ROWS, DEFAULT_SEED, writeCatalogueCsv } from './generate';
import type { ImportMode, ImportResult } from './import-child';

async function csvToXlsx(csvFile: string, xlsxFile: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Danh mục');
  for await (const record of fs.createReadStream(csvFile).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>) {
    sheet.addRow(record).commit();
  }
  sheet.commit();
  await workbook.commit();
}

function child(mode: ImportMode, databaseFile: string, file: string): Promise<ImportResult> {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(databaseFile + suffix, { force: true });
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(__dirname, 'import-child.js'), [mode, databaseFile, file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ImportResult | null = null;
    proc.on('message', (m) => (result = m as ImportResult));
    proc.on('error', reject);
    proc.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${mode} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const rows = Number(value('--rows') ?? DEFAULT_ROWS);
  const rounds = Number(value('--rounds') ?? (rows > 200_000 ? 1 : 3));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvc-xlsx-bench-'));
  const csvFile = path.join(dir, 'catalogue.csv');
  const xlsxFile = path.join(dir, 'catalogue.xlsx');
  const db = path.join(dir, 'bench.db');
  writeCatalogueCsv(csvFile, { rows, seed: DEFAULT_SEED });
  const t = Date.now();
  await csvToXlsx(csvFile, xlsxFile);
  console.log(`${rows.toLocaleString('en-US')} offerings: ${(fs.statSync(xlsxFile).size / 1e6).toFixed(1)} MB as .xlsx (written in ${((Date.now() - t) / 1000).toFixed(1)} s); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  let floor: ImportResult | null = null;
  let project: ImportResult | null = null;
  for (let r = 1; r <= rounds; r++) {
    const f = await child('floor-xlsx', db, xlsxFile);
    const p = await child('project', db, xlsxFile);
    if (p.status !== 'imported') throw new Error(`the importer refused the workbook: ${JSON.stringify(p.firstProblems)}`);
    console.log(`round ${r}: floor ${Math.round(f.rowsPerSecond)} rows/s (${(f.ms / 1000).toFixed(1)} s, ${Math.round(f.maxRssKb / 1024)} MB), importer ${Math.round(p.rowsPerSecond)} rows/s (${(p.ms / 1000).toFixed(1)} s, ${Math.round(p.maxRssKb / 1024)} MB peak RSS): ${(p.rowsPerSecond / f.rowsPerSecond).toFixed(2)}×`);
    if (!floor || f.ms < floor.ms) floor = f;
    if (!project || p.ms < project.ms) project = p;
  }
  console.log(`fastest: importer ${(project!.rowsPerSecond / floor!.rowsPerSecond).toFixed(2)}× the floor; importer peak RSS ${Math.round(project!.maxRssKb / 1024)} MB (floor ${Math.round(floor!.maxRssKb / 1024)} MB); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
