/**
 * Imports one procedure list: inspect → read the header → validate, and write the valid rows a chunk at a
 * time through an import store (db/import-store.ts) inside one transaction → commit, or roll back if the file
 * is refused (or on a dry run). Streaming end to end: the
 * file is never held in memory. Reading and validating (imports/row-source.ts) need no database: for a
 * large file they run in a worker thread, and this thread only writes.
 */
import path from 'node:path';
import type { CatalogueDb } from '../db/connection';
import { openImportStore, type ImportCounts, type ImportStore, type OfferingInput, type OfferingState } from '../db/import-store';
import type { ImportRow } from '../domain/import-fields';
import { formatRefusal, inspectFile, type FileInspection } from './detect';
import { type HeaderMapping, type HeaderProblem, HEADER_ALIASES } from './headers';
import { FileReadError } from './read';
import type { WorkbookSheets } from './read-xlsx';
import { checkedBatches, HEADER_SEARCH_ROWS } from './row-source';
import { workerBatches } from './row-thread';
import type { RowProblem } from './validate';
import { ProcedureConsensus } from './procedure-consensus';
import { coded, IMPORT_MESSAGES, problemText, type Coded, type ImportLang } from './messages';
import { isIsoDate, systemClock, vietnamDate, type Clock } from '../domain/time';

export interface ImportOptions {
  /** Import the valid rows and report the others, instead of refusing the whole file. */
  skipInvalid?: boolean;
  /** Mark withdrawn the current offerings of the file's agencies that the file no longer lists. */
  withdrawMissing?: boolean;
  /** Effective date of the changes, YYYY-MM-DD; default: today. */
  asOf?: string;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  /**
   * A file refused for bad rows still has its valid rows written (and rolled back), so that its report counts
   * what they would change (and onChange sees each change): what a preview offers to import without the bad rows.
   */
  previewValid?: boolean;
  /** Who ran the import (a user name, or "cli:<os user>"). */
  runBy?: string;
  /** Name to record for the file (default: its base name). */
  fileName?: string;
  /** Called for every row error and warning, in file order (to stream them to an errors CSV). */
  onProblem?: (problem: RowProblem, severity: 'error' | 'warning') => void;
  /** Called for every offering the import inserts, changes or withdraws (not for unchanged ones). */
  onChange?: (change: OfferingChange) => void;
  /** Called as the file is read: its bytes read so far, and the rows read (validated, and written unless refused). */
  onProgress?: (bytesRead: number, totalBytes: number, rowsRead: number) => void;
  /** How many errors and warnings the report keeps (all are counted and passed to onProblem). */
  keepProblems?: number;
  /** Read and validate in a worker thread (true) or in this one (false); default: by size (WORKER_MIN_BYTES). */
  worker?: boolean;
  /** The worksheet of a workbook to import (default: its first). */
  sheet?: string;
}

export interface OfferingChange {
  /** The file line; null for offerings withdrawn because the file no longer lists them. */
  line: number | null;
  code: string;
  /** The procedure's name as the row gives it (absent for offerings withdrawn because the file no longer lists them). */
  name?: string;
  agency: string;
  outcome: 'inserted' | 'updated' | 'withdrawn';
  before: OfferingState | null;
  after: OfferingState;
}

export interface ImportReport {
  status: 'imported' | 'dry-run' | 'refused';
  fileName: string;
  inspection: FileInspection;
  effectiveDate: string;
  /** Why the whole file was refused, when it was refused before or regardless of its rows. */
  fileError: FileError | null;
  mapping: Pick<HeaderMapping, 'mapped' | 'ignored'> | null;
  /** Where the header was found, and how many title rows above it were skipped. */
  header: { line: number; titleRows: number } | null;
  /** A workbook: the sheet read and the workbook's sheets (null for a CSV, or a workbook not read that far). */
  workbook: WorkbookSheets | null;
  counts: ImportCounts;
  /**
   * Procedures that existed before the import and are left with another name or other details (what undo
   * gives back); absent in reports stored before it was counted.
   */
  proceduresChanged?: number;
  /** Rows whose agency cell named several agencies (each became an offering of its own). */
  multiAgencyRows: number;
  errors: RowProblem[];
  errorCount: number;
  warnings: RowProblem[];
  warningCount: number;
  importId: number | null;
  durationMs: number;
}

/**
 * Why a whole file was refused: a code with its parameters (and, for a header with several problems, the
 * others in `more`), and the Vietnamese sentence of them all. Stored reports made before codes have only
 * `line` and `message`.
 */
export type FileError = { line: number | null; message: string; more?: Coded[] } & Partial<Coded>;

/** A file error made of one or more coded problems. */
export function fileError(line: number | null, first: Coded, more: Coded[] = []): FileError {
  const all = [first, ...more];
  return { line, ...first, ...(more.length ? { more } : {}), message: all.map((p) => problemText(p, 'vi')).join(' ') };
}

/** A file error's sentence in a language; the stored text for an old report without codes. */
export function fileErrorText(error: FileError, lang: ImportLang = 'vi'): string {
  const parts = [error, ...(error.more ?? [])];
  // One unknown code (an old stored report, a code since renamed) and the stored sentence is shown whole.
  if (parts.some((p) => p.code === undefined || !(p.code in IMPORT_MESSAGES[lang].problems))) return error.message;
  return parts.map((p) => problemText(p, lang)).join(' ');
}

export function describeHeaderProblem(problem: HeaderProblem): Coded {
  if (problem.kind === 'missing') {
    return coded('header.missing', {
      columns: problem.fields.map((f) => HEADER_ALIASES[f][0]),
      found: problem.found,
      searchRows: HEADER_SEARCH_ROWS,
      levelMissing: problem.fields.includes('level'),
    });
  }
  return coded('header.duplicate', { column: HEADER_ALIASES[problem.field][0], headers: problem.headers });
}

/**
 * From this size on, the file is read and validated in a worker thread while this one writes. Starting the
 * thread and warming up its code cost tens of milliseconds: measured, the two ways break even at about
 * 2 MB, and the worker saves a fifth of the time at 4 MB.
 */
export const WORKER_MIN_BYTES = 2 * 1024 * 1024;

/** The longest the import writes without letting the event loop turn. */
const SLICE_MS = 10;

/**
 * Rows handed to the store at once: enough that a call costs little per row, few enough that one call stays
 * well within SLICE_MS, so that the event loop still turns every slice.
 */
const WRITE_CHUNK = 64;

export async function importFile(
  db: CatalogueDb,
  filePath: string,
  options: ImportOptions = {},
  clock: Clock = systemClock,
): Promise<ImportReport> {
  const started = clock.now();
  const startedMs = Date.now();
  const effectiveDate = options.asOf ?? vietnamDate(started);
  if (!isIsoDate(effectiveDate)) throw new Error(`Ngày hiệu lực "${effectiveDate}" không hợp lệ: dùng dạng YYYY-MM-DD.`);
  const keep = options.keepProblems ?? 200;

  const inspection = await inspectFile(filePath);
  const report: ImportReport = {
    status: 'refused',
    fileName: options.fileName ?? path.basename(filePath),
    inspection,
    effectiveDate,
    fileError: null,
    mapping: null,
    header: null,
    workbook: null,
    counts: { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, rejected: 0 },
    proceduresChanged: 0,
    multiAgencyRows: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    importId: null,
    durationMs: 0,
  };
  const finish = (): ImportReport => ({ ...report, durationMs: Date.now() - startedMs });
  const problem = (p: RowProblem, severity: 'error' | 'warning'): void => {
    options.onProblem?.(p, severity);
    if (severity === 'error') {
      report.errorCount++;
      if (report.errors.length < keep) report.errors.push(p);
    } else {
      report.warningCount++;
      if (report.warnings.length < keep) report.warnings.push(p);
    }
  };

  const refusal = formatRefusal(inspection.format);
  if (refusal) {
    report.fileError = fileError(null, refusal);
    return finish();
  }

  const useWorker = options.worker ?? inspection.sizeBytes >= WORKER_MIN_BYTES;
  const batches = useWorker ? workerBatches(filePath, inspection, options.sheet) : checkedBatches(filePath, inspection, options.sheet);
  let store: ImportStore | null = null;
  let importId: number | null = null;
  let bytesReported = 0;
  let rowsReported = 0;
  const listed = new Set<number>();
  const agenciesInFile = new Set<number>();
  const counts = report.counts;
  const consensus = new ProcedureConsensus();
  /** Valid rows waiting to be written, a chunk at a time. */
  const chunk: ImportRow[] = [];
  const write = async (): Promise<void> => {
    const applied = await store!.applyBatch(chunk as OfferingInput[]);
    for (let i = 0; i < applied.length; i++) {
      const { outcome, offeringId, agencyId, before, after } = applied[i]!;
      const row = chunk[i]!;
      counts[outcome]++;
      if (options.onChange && outcome !== 'unchanged') {
        options.onChange({ line: row.line, code: row.procedureCode, name: row.name, agency: row.agency, outcome, before, after });
      }
      if (options.withdrawMissing) {
        listed.add(offeringId);
        agenciesInFile.add(agencyId);
      }
    }
    chunk.length = 0;
  };

  try {
    let sliceStarted = performance.now();
    for await (const batch of batches) {
      if (batch.workbook) report.workbook = batch.workbook;

      if (batch.header) {
        const { line, titleRows, mapping, problems } = batch.header;
        report.mapping = mapping;
        report.header = { line, titleRows };
        if (problems.length > 0) {
          const [first, ...more] = problems.map(describeHeaderProblem);
          report.fileError = fileError(line, first, more);
          return finish();
        }
        store = await openImportStore(db, effectiveDate, started.toISOString());
        importId = await store.start({
          fileName: report.fileName,
          sha256: inspection.sha256,
          sizeBytes: inspection.sizeBytes,
          encoding: inspection.format === 'xlsx' ? 'xlsx' : inspection.encoding,
          delimiter: inspection.format === 'xlsx' ? '' : inspection.delimiter,
          effectiveDate,
          options: { skipInvalid: !!options.skipInvalid, withdrawMissing: !!options.withdrawMissing },
          runBy: options.runBy ?? 'cli',
          startedAt: started.toISOString(),
        });
      }

      for (const { row: first, also, errors, warnings } of batch.rows) {
        // Give other work its turn (a web server's requests): batches can follow each other without the event
        // loop ever turning, the worker's messages being delivered back to back.
        if (performance.now() - sliceStarted > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
        counts.rowsRead++;
        for (const w of warnings) problem(w, 'warning');
        if (!first) {
          counts.rejected++;
          for (const e of errors) problem(e, 'error');
          continue;
        }
        if (also) report.multiAgencyRows++;
        // Once the file is certain to be refused, keep validating (to report every problem) but stop writing,
        // unless a preview counts what the valid rows would change.
        if (counts.rejected > 0 && !options.skipInvalid && !options.previewValid) {
          chunk.length = 0;
          continue;
        }
        const written = consensus.observe(first);
        chunk.push(written);
        if (also) for (const row of also) chunk.push(consensus.align(row, first, written));
        if (chunk.length >= WRITE_CHUNK) await write();
      }
      // After the batch's rows: what is reported has been read, validated and (but the last chunk) written.
      if (options.onProgress && (batch.bytesRead > bytesReported || counts.rowsRead > rowsReported)) {
        bytesReported = Math.max(bytesReported, batch.bytesRead);
        rowsReported = counts.rowsRead;
        options.onProgress(bytesReported, inspection.sizeBytes, rowsReported);
      }
    }

    if (!store) {
      report.fileError = fileError(null, coded('file.empty', {}));
      return finish();
    }
    if (counts.rowsRead === 0) {
      report.fileError = fileError(null, coded('file.header-only', {}));
      await store.rollback();
      return finish();
    }
    const refusedForRows = counts.rejected > 0 && !options.skipInvalid;
    if (refusedForRows && (!options.previewValid || counts.rejected === counts.rowsRead)) {
      await store.rollback();
      return finish();
    }
    if (counts.rejected === counts.rowsRead) {
      report.fileError = fileError(null, coded('file.no-valid-rows', {}));
      await store.rollback();
      return finish();
    }
    // The last rows are written before anything reads the catalogue or the import is settled.
    if (chunk.length > 0) await write();
    // Every row of every code is in: where rows disagreed about a procedure, the value most of them give wins.
    const { settled, warnings } = consensus.settle((key) => report.mapping?.mapped.find((m) => m.field === key)?.header ?? HEADER_ALIASES[key][0]);
    for (const w of warnings) problem(w, 'warning');
    report.proceduresChanged = await store.settleProcedures(settled);
    if (options.withdrawMissing) {
      counts.withdrawn += await store.withdrawMissing(agenciesInFile, listed, (o) =>
        options.onChange?.({ line: null, code: o.code, agency: o.agency, outcome: 'withdrawn', before: o.before, after: { ...o.before, status: 'withdrawn' } }),
      );
    }

    if (refusedForRows) {
      await store.rollback();
      return finish();
    }
    const done = finish();
    if (options.dryRun) {
      await store.rollback();
      return { ...done, status: 'dry-run' };
    }
    await store.finish(counts, clock.now().toISOString(), done.durationMs);
    await store.commit();
    return { ...done, status: 'imported', importId };
  } catch (error) {
    // Nothing of a failed import stays: its transaction (if one was opened) is rolled back.
    await (store ? store.rollback() : db.rollback());
    if (error instanceof FileReadError) {
      report.fileError = fileError(error.line, error.problem);
      return finish();
    }
    throw error;
  }
}
