/**
 * One-off helper: trims the National Public Service Portal lists (collected by makecolour/SongGio)
 * into imports/sample/source/dvcqg-procedures.json.
 *
 * The project never reads the original lists at run time; this script is kept only to document
 * how the committed JSON was produced. Usage (after compiling):
 *   node trim-dvcqg-source.js <folder with online-services-*.json> <output json>
 */
import * as fs from 'fs';
import * as path from 'path';

export interface SourceProcedure {
  code: string;
  name: string;
}

interface PortalRecord {
  TTHC_MA?: unknown;
  NAME?: unknown;
}

const INPUT_FILES = ['online-services-citizens.json', 'online-services-businesses.json'];
const CODE_PATTERN = /^\d\.\d{6}$/;

export function cleanName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Distinct procedures by code, sorted by code. When a code carries several spellings the first one
 * without U+FFFD (a character lost by the collector) wins; codes whose every spelling is damaged are
 * returned in `damaged` and left out.
 */
export function trimProcedures(records: readonly PortalRecord[]): {
  procedures: SourceProcedure[];
  damaged: string[];
} {
  const byCode = new Map<string, string[]>();
  for (const record of records) {
    if (typeof record.TTHC_MA !== 'string' || typeof record.NAME !== 'string') continue;
    const code = record.TTHC_MA.trim();
    if (!CODE_PATTERN.test(code)) continue;
    const name = cleanName(record.NAME);
    if (name === '') continue;
    const names = byCode.get(code) ?? [];
    names.push(name);
    byCode.set(code, names);
  }
  const procedures: SourceProcedure[] = [];
  const damaged: string[] = [];
  for (const [code, names] of byCode) {
    const clean = names.find((n) => !n.includes('\uFFFD'));
    if (clean === undefined) damaged.push(code);
    else procedures.push({ code, name: clean });
  }
  const byCodeAsc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  procedures.sort((a, b) => byCodeAsc(a.code, b.code));
  damaged.sort(byCodeAsc);
  return { procedures, damaged };
}

export function main(argv: readonly string[]): void {
  const [inputDir, outputFile] = argv;
  if (inputDir === undefined || outputFile === undefined) {
    throw new Error('usage: node trim-dvcqg-source.js <input folder> <output json>');
  }
  const records: PortalRecord[] = [];
  for (const file of INPUT_FILES) {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(inputDir, file), 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array`);
    records.push(...(parsed as PortalRecord[]));
  }
  const { procedures, damaged } = trimProcedures(records);
  const lines = procedures.map((p) => '  ' + JSON.stringify(p));
  fs.writeFileSync(outputFile, '[\n' + lines.join(',\n') + '\n]\n', 'utf8');
  console.log(`${procedures.length} procedures written to ${outputFile}`);
  if (damaged.length > 0) console.log(`left out (name damaged in the source): ${damaged.join(', ')}`);
}

if (require.main === module) {
  main(process.argv.slice(2));
}
