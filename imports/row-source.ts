/**
 * The half of an import that needs no database: read and decode the file, skip blank records, map the
 * header, validate every row. It is pure, so it runs the same in the importing thread or in a worker thread
 * beside the writer (imports/row-worker.ts), and the writer gets the same batches either way.
 */
import type { FileInspection } from './detect';
import { mapHeader, type HeaderMapping, type HeaderProblem } from './headers';
import { readRecordBatches } from './read';
import type { WorkbookSheets } from './read-xlsx';
import { RowValidator, type CheckedRow } from './validate';

export interface HeaderOutcome {
  /** The line of the header: the first row, of the first HEADER_SEARCH_ROWS, that names every required column. */
  line: number;
  /** Rows with something in them above the header (a title, a date): skipped. */
  titleRows: number;
  mapping: Pick<HeaderMapping, 'mapped' | 'ignored'>;
  /** Not empty: the file is refused, and no batch follows. */
  problems: HeaderProblem[];
}

export type { CheckedRow };

/** Plain data only: a batch may cross from a worker thread by structured clone. */
export interface RowBatch {
  /** On the batch whose records include the header. */
  header?: HeaderOutcome;
  rows: CheckedRow[];
  /** Bytes of the file read so far. */
  bytesRead: number;
  /** A workbook, on the first batch: the sheet read and the workbook's sheets. */
  workbook?: WorkbookSheets;
}

/**
 * A worksheet row ends at its last filled cell, so a workbook's rows are brought to the header's width:
 * blanks after the last filled cell, and cells past the last header (they have no column) left out.
 */
function fitToWidth(cells: string[], width: number): string[] {
  if (cells.length === width) return cells;
  if (cells.length > width) return cells.slice(0, width);
  const out = cells.slice();
  while (out.length < width) out.push('');
  return out;
}

/**
 * The online-address column of a workbook row holds what the cell links to when it is a hyperlink (shown
 * "Nộp trực tuyến", linking to https://…): the address is what the column means. It is then validated like
 * any typed address (only http/https), so a `javascript:` link is refused with its row and column.
 */
function withLinkTarget(cells: string[], links: Record<number, string> | undefined, column: number | undefined): string[] {
  if (links === undefined || column === undefined || links[column] === undefined) return cells;
  const out = cells.slice();
  out[column] = links[column];
  return out;
}

/** A record with nothing but blanks in it (an empty line, or a row of empty cells) is skipped. */
function isBlank(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell !== '' && cell.trim() !== '') return false;
  }
  return true;
}

/** The header is looked for in this many first rows of the file (lists put a title, a date, a note above it). */
export const HEADER_SEARCH_ROWS = 30;

/** A row that could be the header: what mapHeader makes of it. */
interface HeaderCandidate {
  line: number;
  titleRows: number;
  result: ReturnType<typeof mapHeader>;
}

/**
 * Looks for the header among the first rows. The first row that maps every required column is the header;
 * rows above it are titles. When none does, the row that mapped the most columns (the earliest of equals)
 * stands for the header, and its problems refuse the file.
 */
class HeaderSearch {
  private best: HeaderCandidate | null = null;
  private rowsSeen = 0;

  /** A non-blank record: its candidate if it is the header, or null to keep looking. */
  offer(line: number, cells: string[]): HeaderCandidate | null {
    const result = mapHeader(cells);
    const candidate = { line, titleRows: this.rowsSeen, result };
    this.rowsSeen++;
    if (!result.problems.some((p) => p.kind === 'missing')) return candidate;
    if (!this.best || result.mapping.mapped.length > this.best.result.mapping.mapped.length) this.best = candidate;
    return null;
  }

  /** Past the rows searched, or at the end of the file: the best candidate, refused. */
  giveUp(): HeaderCandidate | null {
    return this.best;
  }
}

/**
 * The file's validated rows, in file order, a parser's worth at a time. Stops after a header with problems;
 * throws CsvSyntaxError (after the batches before it) when the file is not readable as CSV.
 */
export async function* checkedBatches(filePath: string, inspection: FileInspection, sheet?: string): AsyncGenerator<RowBatch> {
  let bytesRead = 0;
  let bytesYielded = -1;
  let validator: RowValidator | null = null;
  const search = new HeaderSearch();
  let searching = true;
  let workbook: WorkbookSheets | undefined;
  const workbookFile = inspection.format === 'xlsx';
  let width = 0;
  let linkColumn: number | undefined;
  const sourceBatches = readRecordBatches(filePath, inspection, (n) => (bytesRead = n), { sheet, onSheets: (s) => (workbook = s) });
  for await (const records of sourceBatches) {
    const batch: RowBatch = { rows: [], bytesRead };
    if (workbook) {
      batch.workbook = workbook;
      workbook = undefined;
    }
    for (const record of records) {
      if (searching && record.line > HEADER_SEARCH_ROWS) {
        batch.header = headerOutcome(search.giveUp());
        yield batch;
        return;
      }
      if (isBlank(record.cells)) continue;
      if (!validator) {
        const found = search.offer(record.line, record.cells);
        if (!found) continue;
        searching = false;
        batch.header = headerOutcome(found);
        if (found.result.problems.length > 0) {
          yield batch;
          return;
        }
        validator = new RowValidator(found.result.mapping);
        width = found.result.mapping.headers.length;
        linkColumn = found.result.mapping.columns.onlineUrl;
        continue;
      }
      const cells = workbookFile ? withLinkTarget(fitToWidth(record.cells, width), record.links, linkColumn) : record.cells;
      batch.rows.push(validator.validate(record.line, cells, record.numberCells, record.textLine));
    }
    if (batch.header || batch.workbook || batch.rows.length > 0 || bytesRead !== bytesYielded) {
      bytesYielded = batch.bytesRead;
      yield batch;
    }
  }
  // A short file whose rows name no header: refused on the row that came closest.
  const header = searching ? search.giveUp() : null;
  // The last bytes may hold no record (a final blank line): report them read all the same.
  if (bytesRead !== bytesYielded || workbook || header) {
    yield { rows: [], bytesRead, ...(workbook ? { workbook } : {}), ...(header ? { header: headerOutcome(header) } : {}) };
  }
}

function headerOutcome(candidate: HeaderCandidate | null): HeaderOutcome | undefined {
  if (!candidate) return undefined;
  const { mapping, problems } = candidate.result;
  return { line: candidate.line, titleRows: candidate.titleRows, mapping: { mapped: mapping.mapped, ignored: mapping.ignored }, problems };
}
