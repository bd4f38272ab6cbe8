/**
 * The importer's messages: every problem code has a Vietnamese and an English sentence, and every code the
 * importer uses is in both catalogues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_MESSAGES, coded, importLangFrom, problemText, type ProblemParams } from '../../imports/messages';
import { fileError, fileErrorText } from '../../imports/run-import';

const ROOT = path.resolve(__dirname, '../..');

/** Parameters to fill each template with; typed, so a new code needs an entry here to compile. */
const SAMPLES: { [C in keyof ProblemParams]: ProblemParams[C] } = {
  'row.cell-count': { cells: 3, columns: 5 },
  'cell.control-chars': { chars: ['U+0000', 'U+0007'] },
  'cell.too-long': { length: 1200, max: 1000 },
  'cell.required': { field: 'code' },
  'flag.unknown': { value: 'hmm', field: 'portal' },
  'agency.too-long': { length: 400, max: 300 },
  'agency.missing': {},
  'agency.several-for-local-code': { localCode: '1.001612.000.00.53.H48', count: 2, procedureCode: '1.001612' },
  'code.number-cell': {},
  'code.other-form': {},
  'code.duplicate-pair': { code: '1.001612', agency: 'Sở Tư pháp', firstLine: 2 },
  'level.unknown': { value: 'Mức 9' },
  'tiers.unknown': { value: 'Cấp thôn' },
  'status.unknown': { value: 'Tạm dừng' },
  'link.refused': { problem: 'scheme' },
  'procedure.details-differ': { code: '1.001612', column: 'Số quyết định công bố', kept: '2193/QĐ-UBND', keptLine: 2, keptRows: 3, other: '1500/QĐ-UBND', otherRows: 1, tie: false },
  'header.missing': { columns: ['Mức độ'], found: ['Mã số', 'Tên'], searchRows: 30, levelMissing: true },
  'header.duplicate': { column: 'Mã thủ tục', headers: [{ header: 'Mã thủ tục', column: 1 }, { header: 'Mã TTHC', column: 4 }] },
  'file.empty': {},
  'file.header-only': {},
  'file.no-valid-rows': {},
  'format.refused': { format: 'xls' },
  'csv.unclosed-quote': {},
  'csv.record-too-long': { max: 1_000_000 },
  'csv.unreadable': { reason: 'CSV_INVALID' },
  'xlsx.unreadable': { reason: 'bad zip' },
  'xlsx.no-sheets': {},
  'xlsx.no-such-sheet': { sheet: 'Danh mục', sheets: ['Sheet1'] },
  'contact.header-missing': { found: ['Tên cơ quan'], searchRows: 30 },
  'contact.name-missing': {},
  'contact.phone-invalid': { value: 'gọi tổng đài' },
  'contact.email-invalid': { value: 'so tu phap@' },
  'contact.duplicate': { agency: 'Sở Tư pháp', firstLine: 3 },
  'contact.unknown-agency': { name: 'Sở Không Có', code: 'X.01' },
  'contact.matched-by-code': { name: 'So Tu phap', stored: 'Sở Tư pháp' },
};

/** The codes named in the importer's source: coded('…'), code: '…'. */
function codesUsedInSource(): Set<string> {
  const used = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'messages' && entry.name !== 'sample') walk(rel);
      } else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
        for (const m of text.matchAll(/(?:coded\(|code: )'([a-z0-9-]+\.[a-z0-9.-]+)'/g)) used.add(m[1]);
      }
    }
  };
  walk('imports');
  return used;
}

describe('import messages', () => {
  const vi = Object.keys(IMPORT_MESSAGES.vi.problems).sort();
  const en = Object.keys(IMPORT_MESSAGES.en.problems).sort();

  it('has the same codes in Vietnamese and English', () => {
    expect(en).toEqual(vi);
    expect(Object.keys(SAMPLES).sort()).toEqual(vi);
  });

  it('has both sentences for every code the importer uses', () => {
    const used = [...codesUsedInSource()];
    expect(used.length).toBeGreaterThan(15);
    for (const code of used) {
      expect([code, vi.includes(code), en.includes(code)]).toEqual([code, true, true]);
    }
  });

  it.each(Object.keys(SAMPLES))('%s reads in both languages', (code) => {
    const params = SAMPLES[code as keyof ProblemParams];
    const sentences = (['vi', 'en'] as const).map((lang) => (IMPORT_MESSAGES[lang].problems as Record<string, (p: unknown) => string>)[code](params));
    for (const sentence of sentences) {
      expect(sentence.length).toBeGreaterThan(10);
      expect(sentence).not.toMatch(/undefined|\[object Object\]|NaN/);
    }
    expect(sentences[1]).not.toBe(sentences[0]);
  });

  it('keeps the Vietnamese sentence as the message, and falls back to a stored one without a code', () => {
    const p = coded('level.unknown', { value: 'Mức 9' });
    expect(p.message).toBe('Không hiểu mức độ "Mức 9": dùng 1–4, "Mức độ 3", "Toàn trình" hoặc "Một phần".');
    expect(problemText(p, 'en')).toBe('Level "Mức 9" is not understood: use 1–4, "Mức độ 3", "Toàn trình" (full) or "Một phần" (partial).');
    expect(problemText({ message: 'Câu cũ đã lưu.' }, 'en')).toBe('Câu cũ đã lưu.');
    expect(problemText({ code: 'no.such-code', params: {}, message: 'Câu cũ đã lưu.' }, 'en')).toBe('Câu cũ đã lưu.');
  });

  it('reads a file error of several header problems in either language, and an old stored one as stored', () => {
    const error = fileError(1, coded('header.duplicate', { column: 'Mã thủ tục', headers: [{ header: 'Mã thủ tục', column: 1 }, { header: 'Mã TTHC', column: 2 }] }), [
      coded('header.missing', { columns: ['Mức độ'], found: ['Mã thủ tục'], searchRows: 30, levelMissing: false }),
    ]);
    expect(error.message).toBe(`${IMPORT_MESSAGES.vi.problems['header.duplicate'](SAMPLES['header.duplicate']).split(':')[0]}: "Mã thủ tục" (cột 1) và "Mã TTHC" (cột 2). Hãy giữ một cột. ${fileErrorText({ line: 1, ...coded('header.missing', { columns: ['Mức độ'], found: ['Mã thủ tục'], searchRows: 30, levelMissing: false }) })}`);
    expect(fileErrorText(error, 'en')).toMatch(/^Column Mã thủ tục appears more than once: .* Keep one of them\. No header row with every required column/);
    expect(fileErrorText({ line: null, message: 'Lỗi cũ.' }, 'en')).toBe('Lỗi cũ.');
    expect(fileErrorText({ line: null, message: 'Lỗi cũ.', code: 'gone.code' as never, params: {} as never }, 'en')).toBe('Lỗi cũ.');
  });

  it('takes the CLI language from --lang, else from LANG', () => {
    expect(importLangFrom('en', {})).toBe('en');
    expect(importLangFrom('vi', { LANG: 'en_GB.UTF-8' })).toBe('vi');
    expect(importLangFrom('fr', {})).toBeNull();
    expect(importLangFrom(undefined, { LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(importLangFrom(undefined, { LANG: 'en' })).toBe('en');
    expect(importLangFrom(undefined, { LANG: 'C.UTF-8' })).toBe('vi');
    expect(importLangFrom(undefined, { LANG: 'vi_VN.UTF-8' })).toBe('vi');
    expect(importLangFrom(undefined, {})).toBe('vi');
  });
});
