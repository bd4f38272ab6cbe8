/**
 * Streams the records of a CSV file, decoded and numbered by the line each record starts on (the header
 * is line 1), so that every problem can be reported where a clerk will find it in the file.
 */
import fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ICONV_NAME, type FileInspection } from './detect';

export interface CsvRecord {
  /** Line on which the record starts (1-based). */
  line: number;
  cells: string[];
}

/** The file cannot be read as CSV at all (an unclosed quote, a record too large). */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** A single value longer than this is refused rather than read into memory. */
const MAX_RECORD_CHARS = 1_000_000;

export async function* readRecords(
  filePath: string,
  inspection: FileInspection,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<CsvRecord> {
  const source = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  if (onBytes) {
    source.on('data', (chunk) => {
      bytesRead += chunk.length;
      onBytes(bytesRead);
    });
  }
  const parser = parse({
    delimiter: inspection.delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    // Line numbers come from each record's raw text: csv-parse's own line count takes a CRLF inside a
    // quoted cell for two lines.
    raw: true,
  });
  const decoded = source.pipe(iconv.decodeStream(ICONV_NAME[inspection.encoding]));
  decoded.on('error', (error: Error) => parser.destroy(error));
  source.on('error', (error) => parser.destroy(error));
  decoded.pipe(parser);

  let nextLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const line = nextLine;
      nextLine += countLineBreaks(item.raw);
      yield { line, cells: item.record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(describeCsvError(error), nextLine);
    throw error;
  } finally {
    source.destroy();
  }
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

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'Dòng này mở đầu một ô trong dấu ngoặc kép (") không được đóng đến hết tệp.';
    case 'CSV_MAX_RECORD_SIZE':
      return `Một dòng dài quá ${MAX_RECORD_CHARS.toLocaleString('vi-VN')} ký tự.`;
    default:
      return `Không đọc được tệp CSV (${error.code}).`;
  }
}
