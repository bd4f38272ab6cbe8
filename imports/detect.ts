/**
 * Finds out how a file is written before it is parsed: its SHA-256 and size, its encoding (BOM, valid
 * UTF-8, or else Windows-1258, the Vietnamese Windows code page) and its delimiter. One streaming pass, so
 * a file of any size costs a read, not its size in memory.
 */
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { Coded } from './messages';

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1258';
export type Delimiter = ',' | ';' | '\t';

/**
 * What the first bytes say the file is. Only 'csv' and 'xlsx' are read; every other format is refused
 * with a message naming it and saying what to do (formatRefusal).
 */
export type FileFormat = 'csv' | 'xlsx' | 'xlsb' | 'xls' | 'ods' | 'odt' | 'docx' | 'pptx' | 'pdf' | 'zip' | 'image' | 'rtf' | 'html';

export interface FileInspection {
  sizeBytes: number;
  sha256: string;
  format: FileFormat;
  /** For a CSV; a workbook's text is UTF-8 by definition ('utf-8' and ',' then mean nothing). */
  encoding: FileEncoding;
  delimiter: Delimiter;
}

/** iconv-lite's name for each encoding we detect. */
export const ICONV_NAME: Record<FileEncoding, string> = {
  'utf-8': 'utf8',
  'utf-8-bom': 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  'windows-1258': 'windows1258',
};

const SNIFF_BYTES = 64 * 1024;

export async function inspectFile(filePath: string): Promise<FileInspection> {
  const hash = crypto.createHash('sha256');
  let validUtf8 = true;
  /** The bytes of a character that the last read cut in two, checked with the next read. */
  let carry: Buffer = Buffer.alloc(0);
  let sizeBytes = 0;
  const head: Buffer[] = [];
  let headBytes = 0;

  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    sizeBytes += bytes.length;
    if (headBytes < SNIFF_BYTES) {
      head.push(bytes.subarray(0, SNIFF_BYTES - headBytes));
      headBytes += Math.min(bytes.length, SNIFF_BYTES - headBytes);
    }
    if (validUtf8) {
      // Checked without decoding: a decode would build the whole file as strings just to throw them away.
      const joined = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const whole = completeUtf8Length(joined);
      validUtf8 = isUtf8(joined.subarray(0, whole));
      carry = Buffer.from(joined.subarray(whole));
    }
  }
  if (carry.length > 0) validUtf8 = false;

  const start = Buffer.concat(head);
  const format = detectFormat(start);
  if (format !== 'csv') return { sizeBytes, sha256: hash.digest('hex'), format, encoding: 'utf-8', delimiter: ',' };
  const encoding = detectEncoding(start, validUtf8);
  const sample = iconv.decode(start, ICONV_NAME[encoding]);
  return { sizeBytes, sha256: hash.digest('hex'), format, encoding, delimiter: detectDelimiter(sample) };
}

const startsWith = (start: Buffer, bytes: number[], at = 0): boolean => bytes.every((b, i) => start[at + i] === b);

/**
 * The format from the file's first bytes (its "magic number"). A zip is told apart by the names of the
 * entries near its start, which every Office and OpenDocument writer puts first: OpenDocument stores its
 * "mimetype" as the first entry, uncompressed; Office Open XML has an "xl/", "word/" or "ppt/" folder.
 * Anything not recognised is taken for text (CSV), as before.
 */
export function detectFormat(start: Buffer): FileFormat {
  if (startsWith(start, [0x50, 0x4b, 0x03, 0x04]) || startsWith(start, [0x50, 0x4b, 0x05, 0x06])) {
    const names = start.toString('latin1');
    if (names.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    if (names.includes('application/vnd.oasis.opendocument')) return 'odt';
    if (names.includes('xl/workbook.bin')) return 'xlsb';
    if (names.includes('xl/')) return 'xlsx';
    if (names.includes('word/')) return 'docx';
    if (names.includes('ppt/')) return 'pptx';
    return 'zip';
  }
  if (startsWith(start, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(start, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(start, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf'; // {\rtf
  if (
    startsWith(start, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || // PNG
    startsWith(start, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(start, [0x47, 0x49, 0x46, 0x38]) || // GIF8
    (startsWith(start, [0x52, 0x49, 0x46, 0x46]) && startsWith(start, [0x57, 0x45, 0x42, 0x50], 8)) || // RIFF….WEBP
    startsWith(start, [0x49, 0x49, 0x2a, 0x00]) || // TIFF, little-endian
    startsWith(start, [0x4d, 0x4d, 0x00, 0x2a]) // TIFF, big-endian
  )
    return 'image';
  // A web page saved with an .xls name (some portals export their tables so).
  const text = start.subarray(0, 512).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<table')) return 'html';
  return 'csv';
}

/**
 * Why a file of this format is not imported (its sentence, saying what to do instead, is in imports/messages);
 * null for the formats that are read.
 */
export function formatRefusal(format: FileFormat): Extract<Coded, { code: 'format.refused' }> | null {
  return format === 'csv' || format === 'xlsx' ? null : { code: 'format.refused', params: { format } };
}

/**
 * How many bytes from the start hold whole UTF-8 sequences: all of them, unless the last one to four bytes
 * begin a character that the next read completes.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return bytes.length - i >= length ? bytes.length : i;
  }
  return bytes.length;
}

/** From the first bytes of the file and whether the whole file is valid UTF-8. */
export function detectEncoding(start: Buffer, validUtf8: boolean): FileEncoding {
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return 'utf-8-bom';
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: ASCII header characters leave every other byte zero.
  if (start.length >= 4 && start[0] !== 0 && start[1] === 0 && start[2] !== 0 && start[3] === 0) return 'utf-16le';
  if (start.length >= 4 && start[0] === 0 && start[1] !== 0 && start[2] === 0 && start[3] !== 0) return 'utf-16be';
  return validUtf8 ? 'utf-8' : 'windows-1258';
}

/**
 * The delimiter is whichever of tab, semicolon and comma occurs most often outside quotes in the first line
 * that holds any of them: the header line, or a title row above it that Excel wrote with the header's empty
 * cells (a title alone on its line holds none, and the next line decides). Header names rarely contain any of
 * them. Ties go to tab, then semicolon: a Vietnamese header such as "Phí, lệ phí" can hold a comma but not a tab.
 */
export function detectDelimiter(sample: string): Delimiter {
  const text = sample.replace(/^\ufeff/, '');
  const counts: Record<Delimiter, number> = { '\t': 0, ';': 0, ',': 0 };
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts['\t'] + counts[';'] + counts[','] > 0 || ++lines >= 30) break;
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else if (!quoted && (ch === '\t' || ch === ';' || ch === ',')) counts[ch]++;
  }
  const order: Delimiter[] = ['\t', ';', ','];
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of order) {
    if (counts[d] > bestCount) {
      best = d;
      bestCount = counts[d];
    }
  }
  return best;
}

export function describeDelimiter(delimiter: Delimiter): string {
  return delimiter === '\t' ? 'tab' : delimiter === ';' ? 'semicolon' : 'comma';
}
