/**
 * Streams the rows of one worksheet of an .xlsx workbook as records, numbered as Excel numbers them, with
 * exceljs's streaming reader: the workbook is never held in memory (exceljs keeps the shared strings and the
 * styles, and parks a worksheet that comes before them in the zip in a temporary file).
 */
import fs from 'node:fs';
import ExcelJS, { type CellValue } from 'exceljs';
import { cellText } from './cell-text';
import { FileReadError, type SourceRecord } from './read';

/** Which sheet was read, out of which (in the workbook's order). */
export interface WorkbookSheets {
  sheet: string;
  sheets: string[];
}

const ROWS_PER_BATCH = 512;

interface SheetModel {
  name: string;
  state?: string;
}

/**
 * The records of the sheet named `sheetName` (default: the workbook's first sheet). Calls onSheets once the
 * sheet is found, before its first batch. Throws FileReadError when there is no such sheet, or when the file
 * is not a workbook exceljs can read.
 */
export async function* readWorkbookBatches(
  filePath: string,
  sheetName: string | undefined,
  onBytes?: (bytesRead: number) => void,
  onSheets?: (sheets: WorkbookSheets) => void,
): AsyncGenerator<SourceRecord[]> {
  const source = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  if (onBytes) {
    source.on('data', (chunk) => {
      bytesRead += chunk.length;
      onBytes(bytesRead);
    });
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    // Styles carry each cell's number format: needed to show a number (a code) as the sheet shows it.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let names: string[] | null = null;
  let found = false;
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as ExcelJS.stream.xlsx.WorksheetReader & { name: string };
      names ??= ((reader as unknown as { model?: { sheets?: SheetModel[] } }).model?.sheets ?? []).map((s) => s.name);
      const wanted = sheetName ?? names[0] ?? sheet.name;
      if (!sameSheetName(sheet.name, wanted)) continue;
      found = true;
      onSheets?.({ sheet: sheet.name, sheets: names.length > 0 ? names : [sheet.name] });
      let batch: SourceRecord[] = [];
      for await (const row of sheet) {
        const values = row.values as CellValue[];
        const cells: string[] = new Array<string>(Math.max(0, values.length - 1)).fill('');
        let numberCells: number[] | undefined;
        for (let col = 1; col < values.length; col++) {
          const value = values[col];
          if (value === null || value === undefined) continue;
          const numeric = typeof value === 'number' || (typeof value === 'object' && 'result' in value && typeof value.result === 'number');
          const { text, number } = cellText(value, numeric ? row.getCell(col).numFmt : undefined);
          cells[col - 1] = text;
          if (number) (numberCells ??= []).push(col - 1);
        }
        const record: SourceRecord = { line: row.number, cells };
        if (numberCells) record.numberCells = numberCells;
        batch.push(record);
        if (batch.length >= ROWS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      break;
    }
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError({ code: 'xlsx.unreadable', params: { reason: (error as Error).message } }, null);
  } finally {
    source.destroy();
  }
  if (!found) {
    throw new FileReadError(
      sheetName === undefined ? { code: 'xlsx.no-sheets', params: {} } : { code: 'xlsx.no-such-sheet', params: { sheet: sheetName, sheets: names ?? [] } },
      null,
    );
  }
}

/** Sheet names compare as Excel compares them: ignoring case and surrounding spaces. */
function sameSheetName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('vi') === b.trim().toLocaleLowerCase('vi');
}
