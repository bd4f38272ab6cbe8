/**
 * Streams the rows of one worksheet of an .xlsx workbook as records, numbered as Excel numbers them: the
 * workbook is never held in memory (exceljs keeps the shared strings and the styles).
 *
 * The parts are found through the zip's central directory (unzipper), and read in the order they depend on
 * each other: the workbook's relationships and sheet list, the shared strings, the styles, then the one
 * worksheet wanted. exceljs's own streaming reader walks the zip in a single pass instead, and that pass can
 * finish without the last entry (exceljs issue #3064) — in exceljs's own files, and so in the Portal's
 * exports, the last entry is the sheet list: the workbook was then read as having no names, or refused, now
 * and then, by timing alone. exceljs still parses every part (its XML readers, number formats, shared
 * strings); only the order is ours.
 */
import fs from 'node:fs';
import path from 'node:path/posix';
import { Transform, type Readable } from 'node:stream';
import ExcelJS, { type CellValue } from 'exceljs';
import unzipper from 'unzipper';
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
  rId: string;
  state?: string;
}

interface Relationship {
  Id: string;
  Target: string;
}

type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name: string };

/**
 * The parsers of exceljs's WorkbookReader (exceljs 4.4), called part by part. They are not its documented
 * interface, hence the check below, which turns a changed exceljs into a plain refusal rather than a crash.
 */
interface PartParsers {
  model?: { sheets?: SheetModel[] };
  workbookRels?: Relationship[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ eventType: string; value: WorksheetReader }>;
  _parseHyperlinks(iterator: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ eventType: string; value: HyperlinkReader }>;
}

/** exceljs's reader of a sheet's relationships: emits each hyperlink's target by its id. */
interface HyperlinkReader {
  on(event: 'hyperlink', listener: (link: { rId: string; target: string }) => void): void;
  read(): Promise<void>;
}

/** A worksheet reader's own parse: batches of events, hyperlinks among them when its options say "emit". */
interface HyperlinkEvents {
  options: Record<string, string>;
  parse(): AsyncIterable<{ eventType: string; value: { ref?: string; rId?: string } }[]>;
}

/** At most this many hyperlink cells are read from a sheet (a range of links counts each of its cells). */
const MAX_LINK_CELLS = 1_000_000;

function partParsers(): PartParsers {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, {
    sharedStrings: 'cache',
    // Styles carry each cell's number format: needed to show a number (a code) as the sheet shows it.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as PartParsers;
  for (const name of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet', '_parseHyperlinks'] as const) {
    if (typeof reader[name] !== 'function') throw new Error(`exceljs has no ${name}: read-xlsx.ts needs updating`);
  }
  return reader;
}

/** "F3" → { row: 3, col: 5 } (0-based column); null for anything else. */
function cellRef(ref: string): { row: number; col: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/.exec(ref.trim().toUpperCase());
  if (!match) return null;
  let col = 0;
  for (const letter of match[1]) col = col * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]), col: col - 1 };
}

/**
 * The sheet's hyperlink cells, row → cell index → target. A cell that Excel stores as a hyperlink keeps its
 * display text ("Nộp trực tuyến") in the cell and its address in the sheet's relationships, named from a
 * <hyperlinks> list that follows the rows: so the list is read first, in a pass over the sheet that looks at
 * nothing else, and only when the sheet's relationships hold a hyperlink at all. Links inside the workbook
 * (a `location`, no relationship) are left out.
 */
async function readSheetLinks(entries: Map<string, unzipper.File>, sheetPath: string, sheetNo: string, open: (entry: unzipper.File) => Readable): Promise<Map<number, Map<number, string>>> {
  const links = new Map<number, Map<number, string>>();
  const relsEntry = entries.get(path.join(path.dirname(sheetPath), '_rels', `${path.basename(sheetPath)}.rels`));
  const sheetEntry = entries.get(sheetPath);
  if (!relsEntry || !sheetEntry) return links;
  const linkParsers = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, {
    sharedStrings: 'ignore',
    styles: 'ignore',
    hyperlinks: 'emit',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as PartParsers;
  const targets = new Map<string, string>();
  const [relsEvent] = linkParsers._parseHyperlinks(open(relsEntry), sheetNo);
  if (!relsEvent) return links;
  relsEvent.value.on('hyperlink', (link) => {
    if (typeof link.rId === 'string' && typeof link.target === 'string') targets.set(link.rId, link.target);
  });
  await relsEvent.value.read();
  if (targets.size === 0) return links;
  const [sheetEvent] = linkParsers._parseWorksheet(open(sheetEntry), sheetNo);
  if (!sheetEvent) return links;
  const reader = sheetEvent.value as unknown as HyperlinkEvents;
  // Only the hyperlink list: the cells are read in the second pass.
  reader.options = { ...reader.options, worksheets: 'ignore', hyperlinks: 'emit' };
  let cells = 0;
  for await (const events of reader.parse()) {
    for (const { eventType, value } of events) {
      if (eventType !== 'hyperlink' || !value.ref || !value.rId) continue;
      const target = targets.get(value.rId);
      if (target === undefined) continue;
      const [from, to = from] = value.ref.split(':').map(cellRef);
      if (!from || !to) continue;
      for (let row = from.row; row <= to.row; row++) {
        for (let col = from.col; col <= to.col; col++) {
          if (++cells > MAX_LINK_CELLS) return links;
          let byCol = links.get(row);
          if (!byCol) links.set(row, (byCol = new Map()));
          byCol.set(col, target);
        }
      }
    }
  }
  return links;
}

/** A zip entry's path, as the workbook's relationships name it relative to xl/ (or absolutely). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.normalize(path.join('xl', target));
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
  const opened: Readable[] = [];
  const open = (entry: unzipper.File): Readable => {
    const stream = entry.stream() as unknown as Readable;
    opened.push(stream);
    return stream;
  };
  let names: string[] = [];
  let worksheet: WorksheetReader;
  let fileSize = 0;
  let sheetEntry: unzipper.File;
  try {
    const directory = await unzipper.Open.file(filePath);
    fileSize = (await fs.promises.stat(filePath)).size;
    const entries = new Map(directory.files.map((f) => [f.path.replace(/\\/g, '/').replace(/^\//, ''), f]));
    const parsers = partParsers();
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    const book = entries.get('xl/workbook.xml');
    if (!rels || !book) throw new Error('no xl/workbook.xml');
    await parsers._parseRels(open(rels));
    await parsers._parseWorkbook(open(book));
    const sheets = parsers.model?.sheets ?? [];
    names = sheets.map((s) => s.name);
    const wanted = sheetName === undefined ? sheets[0] : sheets.find((s) => sameSheetName(s.name, sheetName));
    if (!wanted) {
      throw new FileReadError(
        sheetName === undefined ? { code: 'xlsx.no-sheets', params: {} } : { code: 'xlsx.no-such-sheet', params: { sheet: sheetName, sheets: names } },
        null,
      );
    }
    const target = parsers.workbookRels?.find((r) => r.Id === wanted.rId)?.Target;
    const found = target === undefined ? undefined : entries.get(partPath(target));
    if (!found) throw new Error(`no part for sheet ${wanted.name}`);
    sheetEntry = found;
    const strings = entries.get('xl/sharedStrings.xml');
    if (strings) for await (const _ of parsers._parseSharedStrings(open(strings)));
    const styles = entries.get('xl/styles.xml');
    if (styles) await parsers._parseStyles(open(styles));

    // Progress in the file's bytes: the share of the sheet's own bytes inflated so far.
    const total = Math.max(1, Number(sheetEntry.uncompressedSize) || 1);
    let inflated = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        inflated += chunk.length;
        onBytes?.(Math.min(fileSize, Math.floor((fileSize * inflated) / total)));
        done(null, chunk);
      },
    });
    opened.push(counted);
    const source = open(sheetEntry);
    source.on('error', (error) => counted.destroy(error));
    source.pipe(counted);
    const sheetNo = /(\d+)\.xml$/i.exec(sheetEntry.path)?.[1] ?? '1';
    const links = await readSheetLinks(entries, partPath(target!), sheetNo, open);
    const [event] = parsers._parseWorksheet(counted, sheetNo);
    if (!event) throw new Error('no worksheet reader');
    worksheet = event.value;
    worksheet.name = wanted.name;
    onSheets?.({ sheet: wanted.name, sheets: names });

    let batch: SourceRecord[] = [];
    for await (const row of worksheet) {
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
      const rowLinks = links.get(row.number);
      if (rowLinks) record.links = Object.fromEntries(rowLinks);
      batch.push(record);
      if (batch.length >= ROWS_PER_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    onBytes?.(fileSize);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError({ code: 'xlsx.unreadable', params: { reason: (error as Error).message } }, null);
  } finally {
    for (const stream of opened) stream.destroy();
  }
}

/** Sheet names compare as Excel compares them: ignoring case and surrounding spaces. */
function sameSheetName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('vi') === b.trim().toLocaleLowerCase('vi');
}
