/**
 * The long pieces of work a server does beside its pages (issue #14): exports of the whole catalogue, an
 * import's preview and commit, its undo, and the index loaded again after each change. Each runs in the app's
 * own process and event loop, as the app runs it, while one client asks for a kept page again and again; for
 * each, how long it took, the event loop's longest delay meanwhile (`monitorEventLoopDelay`, 10 ms
 * resolution, included in the figure) and the kept page's answers.
 *
 * The preview, commit and undo call the functions the web import's job runner calls (importFileAside with
 * dryRun and previewValid, importFileAside, undoImportAside), on a second connection as the job runner has.
 *
 *   npm run build && node dist/test/bench/work-timing.js [--rows N] [--seed N] [--out FILE] [--no-excel] [--kept PATH]
 *
 * --no-excel leaves out the Excel export (at 1,000,000 offerings it alone takes minutes). --kept asks for another
 * page than /agencies (at 1,000,000 offerings its 4.7 MB are more than the page cache keeps of one page).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { undoImportAside } from '../../db/undo-thread';
import { systemClock } from '../../domain/time';
import { importFileAside } from '../../imports/import-thread';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { catalogueLines, DEFAULT_ROWS, DEFAULT_SEED, HEADER, writeCatalogueCsv } from './generate';

const LOOP_RESOLUTION_MS = 10;
const keptAt = process.argv.indexOf('--kept');
const KEPT_PAGE = keptAt > 0 ? process.argv[keptAt + 1]! : '/agencies';
/** The target: no piece of work holds the loop longer than this (the figure includes the sampling interval). */
const LOOP_MAX_MS = 50;

interface WorkFigures {
  work: string;
  seconds: number;
  loopMaxMs: number;
  loopP99Ms: number;
  keptAnswers: number;
  keptP99Ms: number | null;
  keptMaxMs: number;
  detail: string;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The same catalogue with every offering raised to level 4: a re-import that changes most of them. */
function writeRaisedCsv(file: string, rows: number, seed: number): void {
  const level = HEADER.indexOf('Mức độ');
  const out = fs.openSync(file, 'w');
  let first = true;
  let chunk: string[] = [];
  for (const line of catalogueLines({ rows, seed })) {
    if (first) {
      chunk.push(line);
      first = false;
      continue;
    }
    const [record] = parse(line) as string[][];
    record[level] = 'Mức độ 4';
    chunk.push(stringify([record], { record_delimiter: '\r\n' }));
    if (chunk.length >= 2000) {
      fs.writeSync(out, chunk.join(''));
      chunk = [];
    }
  }
  fs.writeSync(out, chunk.join(''));
  fs.closeSync(out);
}

/** Reads a URL of the app to its end; its status and size. */
function fetchWhole(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'identity' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const rows = option('--rows', DEFAULT_ROWS);
  const seed = option('--seed', DEFAULT_SEED);
  const outAt = process.argv.indexOf('--out');
  const outFile = outAt > 0 ? process.argv[outAt + 1] : null;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dvc-work-timing-'));
  const csvFile = path.join(work, 'catalogue.csv');
  const raisedFile = path.join(work, 'raised.csv');
  const databaseFile = path.join(work, 'catalogue.db');
  console.log(`Work timing: ${rows.toLocaleString('en')} offerings (seed ${seed}); work folder ${work}`);
  writeCatalogueCsv(csvFile, { rows, seed });
  writeRaisedCsv(raisedFile, rows, seed);

  const databaseUrl = `sqlite:${databaseFile}`;
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db.kysely);
  const first = await importFile(db, csvFile, { runBy: 'bench', keepProblems: 5 });
  if (first.status !== 'imported') throw new Error(`the generated catalogue was refused: ${JSON.stringify(first.counts)}`);
  console.log(`Imported ${first.counts.rowsRead.toLocaleString('en')} rows.`);

  const app = createApp({
    db,
    config: loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, SEED: '0', SESSION_SECRET: 'benchmark-only-secret-benchmark-only' }),
    clock: systemClock,
    log: (error) => console.error(error),
    // As server/main.ts starts it: the index loads, the dashboard's figures are counted and a workbook is written at once.
    warmIndex: true,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The job runner's own connection, as ImportJobs opens it.
  const writer = db.openAnother();
  const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  await fetchWhole(`${origin}${KEPT_PAGE}`);

  const results: WorkFigures[] = [];
  /** Runs one piece of work while a client asks for the kept page, one request at a time. */
  const measure = async (name: string, run: () => Promise<string>): Promise<void> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const times: number[] = [];
    let running = true;
    let waitingSince = 0;
    const client = (async () => {
      while (running) {
        waitingSince = performance.now();
        await new Promise<void>((resolve, reject) => {
          http.get(`${origin}${KEPT_PAGE}`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          }).on('error', reject);
        });
        times.push(performance.now() - waitingSince);
        waitingSince = 0;
      }
    })();
    delay.reset();
    delay.enable();
    const started = performance.now();
    const detail = await run();
    const seconds = (performance.now() - started) / 1000;
    // A piece of work that ends in one long statement (a commit) has held the loop just before run() returns:
    // the delay is recorded when the sampling timer fires late, so let it fire before reading the figures.
    await new Promise((resolve) => setTimeout(resolve, 2 * LOOP_RESOLUTION_MS));
    delay.disable();
    running = false;
    const unanswered = waitingSince > 0 ? performance.now() - waitingSince : 0;
    await client;
    agent.destroy();
    const sorted = times.sort((a, b) => a - b);
    const figures: WorkFigures = {
      work: name,
      seconds: Math.round(seconds * 100) / 100,
      loopMaxMs: Math.round(delay.max / 1e4) / 100,
      loopP99Ms: Math.round(delay.percentile(99) / 1e4) / 100,
      keptAnswers: sorted.length,
      keptP99Ms: sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!) : null,
      keptMaxMs: Math.round(Math.max(unanswered, sorted[sorted.length - 1] ?? 0)),
      detail,
    };
    results.push(figures);
    console.log(`  ${name}: ${figures.seconds} s, loop max ${figures.loopMaxMs} ms (p99 ${figures.loopP99Ms}), kept page p99 ${figures.keptP99Ms} ms, max ${figures.keptMaxMs} ms (${figures.keptAnswers} answers); ${detail}`);
  };
  const list = async (query: string) => {
    const { status, bytes } = await fetchWhole(`${origin}/procedures${query}`);
    if (status !== 200) throw new Error(`/procedures${query} answered ${status}`);
    return `${bytes.toLocaleString('en')} bytes`;
  };
  const page = (url: string) => async () => {
    const { status, bytes } = await fetchWhole(`${origin}${url}`);
    if (status !== 200) throw new Error(`${url} answered ${status}`);
    return `${bytes.toLocaleString('en')} bytes`;
  };
  const download = (file: string) => async () => {
    const { status, bytes } = await fetchWhole(`${origin}/${file}?status=all`);
    if (status !== 200) throw new Error(`/${file} answered ${status}`);
    return `${(bytes / 1e6).toFixed(1)} MB`;
  };

  await measure('first list after start (index load)', () => list('?q=dang+ky'));
  await measure('first dashboard after start (/coverage)', page('/coverage'));
  await measure('first dashboard of one tier after start (/coverage?tier=commune)', page('/coverage?tier=commune'));
  await measure('first trend after start (/coverage/trend)', page('/coverage/trend'));
  await measure('first quarterly report after start (/coverage/report)', page('/coverage/report'));
  await measure('quarterly report as a Word document (/coverage/report.docx)', page('/coverage/report.docx'));
  await measure('CSV export, every offering', download('procedures.csv'));
  if (!process.argv.includes('--no-excel')) await measure('Excel export, every offering', download('procedures.xlsx'));
  let importId = 0;
  await measure('preview of a re-import raising every level', async () => {
    const report = await importFileAside(writer, raisedFile, { dryRun: true, previewValid: true, onChange: () => undefined, runBy: 'bench' }, systemClock);
    return `${report.counts.rowsRead.toLocaleString('en')} rows read, status ${report.status}`;
  });
  await measure('commit of that re-import', async () => {
    const report = await importFileAside(writer, raisedFile, { runBy: 'bench' }, systemClock);
    if (report.status !== 'imported') throw new Error('the re-import was refused');
    importId = report.importId as number;
    return `${report.counts.rowsRead.toLocaleString('en')} rows read`;
  });
  await measure('first list after the import (index load)', () => list('?level=4'));
  await measure('first dashboard after the import (/coverage)', page('/coverage'));
  await measure('first trend after the import (/coverage/trend)', page('/coverage/trend'));
  await measure('first quarterly report after the import (/coverage/report)', page('/coverage/report'));
  await measure('undo of the re-import', async () => {
    const result = await undoImportAside(writer, importId, new Date().toISOString(), () => undefined, () => undefined);
    if (!result.ok) throw new Error(`the undo was refused: ${result.reason}`);
    return `${result.restored.toLocaleString('en')} offerings restored`;
  });
  await measure('first list after the undo (index load)', () => list('?level=4'));
  await measure('first dashboard after the undo (/coverage)', page('/coverage'));

  const missed = results.filter((r) => r.loopMaxMs > LOOP_MAX_MS);
  console.log(
    missed.length === 0
      ? `[met] no piece of work held the event loop longer than ${LOOP_MAX_MS} ms (max ${Math.max(...results.map((r) => r.loopMaxMs))} ms)`
      : `[missed] the event loop's delay passed ${LOOP_MAX_MS} ms during: ${missed.map((r) => `${r.work} (${r.loopMaxMs} ms)`).join('; ')}`,
  );
  if (outFile) fs.writeFileSync(outFile, `${JSON.stringify({ rows, seed, node: process.version, results }, null, 2)}\n`);
  server.close();
  await app.locals.close?.();
  await writer.close();
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
