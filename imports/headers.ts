/**
 * Maps a file's header row to the catalogue's fields. Headers are matched ignoring case, Vietnamese
 * diacritics, spaces, underscores and punctuation, so "Mã thủ tục", "MA THU TUC" and "ma_thu_tuc" agree.
 */
import { cleanText, foldVietnamese } from '../domain/text';
import { byField, REQUIRED_FIELDS, type ImportField } from '../domain/import-fields';

export { REQUIRED_FIELDS, type ImportField } from '../domain/import-fields';

/** Accepted header names per field (domain/import-fields.ts). The first one is what our own exports write. */
export const HEADER_ALIASES: Record<ImportField, readonly string[]> = byField((f) => f.aliases);

/** How a header is compared: folded, letters and digits only. */
export function headerKey(header: string): string {
  return foldVietnamese(cleanText(header)).replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_KEY = new Map<string, ImportField>();
for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [ImportField, readonly string[]][]) {
  for (const alias of aliases) FIELD_BY_KEY.set(headerKey(alias), field);
}

/**
 * Headers too short to be read alone: "Tên" (name) is the name column only in a row that has other known
 * headers (the National Portal's export: "Mã số | Tên | …"), never a title row's lone word.
 */
const WEAK_ALIASES: Record<string, ImportField> = { [headerKey('Tên')]: 'name', [headerKey('ten')]: 'name' };

export interface HeaderMapping {
  /** Column index of each mapped field. */
  columns: Partial<Record<ImportField, number>>;
  /** The header text as found in the file, by column index. */
  headers: string[];
  mapped: { field: ImportField; header: string; column: number }[];
  ignored: { header: string; column: number }[];
}

export type HeaderProblem =
  | { kind: 'missing'; fields: ImportField[]; found: string[] }
  | { kind: 'duplicate'; field: ImportField; headers: { header: string; column: number }[] };

export function mapHeader(cells: string[]): { mapping: HeaderMapping; problems: HeaderProblem[] } {
  const headers = cells.map((c) => cleanText(c));
  const columns: Partial<Record<ImportField, number>> = {};
  const mapped: HeaderMapping['mapped'] = [];
  const ignored: HeaderMapping['ignored'] = [];
  const problems: HeaderProblem[] = [];

  headers.forEach((header, index) => {
    const field = FIELD_BY_KEY.get(headerKey(header));
    if (!field) {
      if (header !== '') ignored.push({ header, column: index + 1 });
      return;
    }
    const previous = columns[field];
    if (previous !== undefined) {
      const existing = problems.find((p) => p.kind === 'duplicate' && p.field === field);
      if (existing && existing.kind === 'duplicate') existing.headers.push({ header, column: index + 1 });
      else
        problems.push({
          kind: 'duplicate',
          field,
          headers: [
            { header: headers[previous], column: previous + 1 },
            { header, column: index + 1 },
          ],
        });
      return;
    }
    columns[field] = index;
    mapped.push({ field, header, column: index + 1 });
  });

  if (mapped.length > 0) {
    for (let i = 0; i < ignored.length; i++) {
      const field = WEAK_ALIASES[headerKey(ignored[i].header)];
      if (!field || columns[field] !== undefined) continue;
      columns[field] = ignored[i].column - 1;
      mapped.push({ field, header: ignored[i].header, column: ignored[i].column });
      mapped.sort((a, b) => a.column - b.column);
      ignored.splice(i--, 1);
    }
  }

  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length > 0) problems.push({ kind: 'missing', fields: missing, found: headers.filter((h) => h !== '') });

  return { mapping: { columns, headers, mapped, ignored }, problems };
}
