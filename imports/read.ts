/**
 * Streams the records of a file: a CSV (decoded), or one worksheet of an .xlsx workbook
 * (imports/read-xlsx.ts). Each record is numbered so that every problem can be reported where a clerk will
 * find it in the file.
 */
import fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ICONV_NAME, type FileInspection } from './detect';
import { problemText, type Coded } from './messages';
import { readWorkbookBatches, type WorkbookSheets } from './read-xlsx';

export interface SourceRecord {
  /**
   * The row as Excel numbers it (1-based): a worksheet's row number; a CSV record's position in the file,
   * blank and title records included, which is the row Excel shows when it opens the CSV.
   */
  line: number;
  /** A CSV record's first line in the text, when cells with line breaks before it make it differ from `line`. */
  textLine?: number;
  cells: string[];
  /** Indexes of the cells that held numbers (workbooks only), shown as their number format shows them. */
  numberCells?: number[];
  /** A workbook's hyperlink cells: the address each links to, by cell index (its text is what the cell shows). */
  links?: Record<number, string>;
}
export type CsvRecord = SourceRecord;

/** The file cannot be read at all; line, when known, is where it went wrong. The message is in Vietnamese. */
export class FileReadError extends Error {
  constructor(
    readonly problem: Coded,
    readonly line: number | null,
  ) {
    super(problemText(problem, 'vi'));
  }
}

/** The file cannot be read as CSV at all (an unclosed quote, a record too large). */
export class CsvSyntaxError extends FileReadError {
  constructor(
    problem: Coded,
    override readonly line: number,
  ) {
    super(problem, line);
  }
}

export interface ReadOptions {
  /** The worksheet of a workbook to read (default: the first). */
  sheet?: string;
  /** Told which sheet of a workbook is read, and which there are. */
  onSheets?: (sheets: WorkbookSheets) => void;
}

/** A single value longer than this is refused rather than read into memory. */
const MAX_RECORD_CHARS = 1_000_000;

export async function* readRecords(
  filePath: string,
  inspection: FileInspection,
  onBytes?: (bytesRead: number) => void,
  options: ReadOptions = {},
): AsyncGenerator<SourceRecord> {
  for await (const batch of readRecordBatches(filePath, inspection, onBytes, options)) yield* batch;
}

/**
 * The same records, handed over as many at a time as the parser has ready: a million-row file then costs
 * a few thousand awaits rather than two million.
 */
export async function* readRecordBatches(
  filePath: string,
  inspection: FileInspection,
  onBytes?: (bytesRead: number) => void,
  options: ReadOptions = {},
): AsyncGenerator<SourceRecord[]> {
  if (inspection.format === 'xlsx') {
    yield* readWorkbookBatches(filePath, options.sheet, onBytes, options.onSheets);
    return;
  }
  const source = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  if (onBytes) {
    source.on('data', (chunk) => {
      bytesRead += chunk.length;
      onBytes(bytesRead);
    });
  }
  const utf8 = inspection.encoding === 'utf-8' || inspection.encoding === 'utf-8-bom';
  const parser = parse({
    delimiter: inspection.delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    // UTF-8 (valid, as inspection found) goes to the parser as bytes: it decodes each cell itself, and
    // drops the BOM. Other encodings are decoded to text first.
    bom: utf8,
  });
  source.on('error', (error) => parser.destroy(error));
  if (utf8) {
    source.pipe(parser);
  } else {
    const decoded = source.pipe(iconv.decodeStream(ICONV_NAME[inspection.encoding]));
    decoded.on('error', (error: Error) => parser.destroy(error));
    decoded.pipe(parser);
  }

  let nextLine = 1;
  let nextRecord = 1;
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (error) => {
    failure = error;
    signal();
  });
  // Line numbers count the line breaks each record spans: those inside its cells, and the one that ends
  // it. (csv-parse's own count takes a CRLF inside a quoted cell for two lines.)
  const lfOnly = (): boolean => {
    const delimiters = parser.options.record_delimiter;
    return delimiters.length === 1 && delimiters[0].length === 1 && delimiters[0][0] === 10;
  };

  try {
    for (;;) {
      const batch: CsvRecord[] = [];
      let cells: string[] | null;
      while ((cells = parser.read() as string[] | null) !== null) {
        batch.push(nextLine === nextRecord ? { line: nextRecord, cells } : { line: nextRecord, textLine: nextLine, cells });
        nextRecord++;
        nextLine += lineBreaksIn(cells, lfOnly);
      }
      if (batch.length > 0) yield batch;
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (failure || ended || parser.readableLength > 0) signal();
      });
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(describeCsvError(error), nextLine);
    throw error;
  } finally {
    parser.off('readable', signal);
    source.destroy();
    parser.destroy();
  }
}

/**
 * The line breaks a record spans: one per CR, LF or CRLF inside its cells, plus the one that ends it. A
 * cell's final CR followed by the record's LF is one CRLF, as the raw text reads, in a file whose records
 * end with LF alone.
 */
function lineBreaksIn(cells: string[], lfOnly: () => boolean): number {
  let count = 1;
  for (let c = 0; c < cells.length; c++) {
    const text = cells[c];
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) continue;
    count += countLineBreaks(text);
  }
  const last = cells[cells.length - 1];
  if (last !== undefined && last.charCodeAt(last.length - 1) === 13 && lfOnly()) count--;
  return count;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) count++;
    else if (ch === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

function describeCsvError(error: CsvError): Coded {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'csv.unclosed-quote', params: {} };
    case 'CSV_MAX_RECORD_SIZE':
      return { code: 'csv.record-too-long', params: { max: MAX_RECORD_CHARS } };
    default:
      return { code: 'csv.unreadable', params: { reason: error.code } };
  }
}
