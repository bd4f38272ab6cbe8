/**
 * Streams a table to the client as an .xlsx workbook with exceljs's streaming writer: numbers and shares
 * stored as numbers (shares in a percent format), dates as dates, text as text (never run as a formula: a
 * string cell is a string, whatever it starts with), the header row frozen and filtered, columns as wide as
 * their header and first rows need. Rows are written a batch at a time and wait for the client to drain.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { nextTurn, timeSlices } from '../services/turns';

export type XlsxFormat = 'text' | 'integer' | 'share' | 'points' | 'decimal' | 'date';

export interface XlsxColumn {
  header: string;
  /** text (default); integer; share: 0–100 written as a percent; points: a change of share; date: YYYY-MM-DD. */
  format?: XlsxFormat;
}

export type XlsxValue = string | number | null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NUM_FMT: Record<XlsxFormat, string | undefined> = {
  text: '@',
  integer: '#,##0',
  share: '0.00%',
  points: '+0.00%;-0.00%;0.00%',
  decimal: '0.0',
  date: 'dd/mm/yyyy',
};

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** The client may hold this much unread before the next batch waits for it. */
const HIGH_WATER = 1024 * 1024;

function cellValue(value: XlsxValue, format: XlsxFormat): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (format) {
    case 'share':
    case 'points':
      return typeof value === 'number' ? value / 100 : value;
    case 'date': {
      const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : value;
    }
    default:
      return value;
  }
}

function shownLength(value: XlsxValue, format: XlsxFormat): number {
  if (value === null) return 0;
  if (format === 'date') return 10;
  if (typeof value === 'number') return format === 'share' || format === 'points' ? 8 : String(Math.round(value)).length + 2;
  let longest = 0;
  for (const line of value.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}

/** One sheet of a workbook: its name, its columns and its rows, a batch at a time. */
export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  batches: AsyncIterable<XlsxValue[][]> | Iterable<XlsxValue[][]>;
}

export async function sendWorkbook(
  res: Response,
  fileName: string,
  sheetName: string,
  columns: XlsxColumn[],
  batches: AsyncIterable<XlsxValue[][]> | Iterable<XlsxValue[][]>,
): Promise<void> {
  await sendSheets(res, fileName, [{ name: sheetName, columns, batches }]);
}

/** A workbook of several sheets, written one after the other (each committed before the next begins). */
export async function sendSheets(res: Response, fileName: string, sheets: XlsxSheet[]): Promise<void> {
  res.type(XLSX_TYPE);
  res.attachment(fileName);
  await writeWorkbook(res, sheets);
}

async function writeWorkbook(out: Writable, sheets: XlsxSheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const { name, columns, batches } of sheets) {
    if (out.destroyed) break;
    await writeSheet(out, workbook, name, columns, batches);
  }
  await workbook.commit();
}

/**
 * Writes a small workbook of every format to nowhere: a process's first workbook held the event loop for
 * 100–115 ms in one turn (exceljs's code compiled on first use). A server pays that at start instead.
 */
export async function warmWorkbooks(): Promise<void> {
  const formats = Object.keys(NUM_FMT) as XlsxFormat[];
  const sample: XlsxValue[] = formats.map((format) => (format === 'text' ? 'a' : format === 'date' ? '2026-01-01' : 1));
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  // Enough rows that the code is optimised, not only compiled (two rows left the first real workbook's first turn at
  // 85 ms), in batches of ten, a turn each: the code is still slow while it warms (250 rows a turn took 52 ms).
  const batches = Array.from({ length: 50 }, () => Array.from({ length: 10 }, () => sample));
  await writeWorkbook(nowhere, [{ name: 'warm', columns: formats.map((format) => ({ header: format, format })), batches }]);
}

async function writeSheet(
  res: Writable,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sheetName: string,
  columns: XlsxColumn[],
  batches: AsyncIterable<XlsxValue[][]> | Iterable<XlsxValue[][]>,
): Promise<void> {
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const formats = columns.map((c) => c.format ?? 'text');
  const slice = timeSlices();
  let started = false;

  const start = (first: XlsxValue[][]): void => {
    sheet.columns = columns.map((column, i) => {
      let width = Math.max(MIN_WIDTH, column.header.length + 2);
      for (const row of first.slice(0, 200)) width = Math.max(width, shownLength(row[i] ?? null, formats[i]) + 2);
      return { width: Math.min(MAX_WIDTH, width), style: { numFmt: NUM_FMT[formats[i]] } };
    });
    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'top', wrapText: true };
    header.commit();
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    started = true;
  };

  for await (const batch of batches) {
    if (res.destroyed) break;
    if (!started) start(batch);
    for (let k = 0; k < batch.length; k++) {
      // exceljs shapes each row's XML on this thread (5–15 µs a cell): other requests get their turn every slice
      // of time, and before each batch's first row (its values were read in the turn that gave it).
      if (k === 0) await nextTurn();
      else await slice();
      const row = sheet.addRow(batch[k].map((v, i) => cellValue(v, formats[i])));
      row.commit();
    }
    if (res.writableLength > HIGH_WATER) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  if (!started) start([]);
  sheet.commit();
}
