/**
 * The letter fields of the quarterly report as a Word document: who issues it, to whom, its symbol and who
 * signs. Read from the query string (the URL is the whole state), with defaults that read right for the
 * province; a value too long is cut and reported, never passed on.
 */
import type { QueryProblem } from './coverage-query';

export interface ReportLetter {
  /** The governing body above the issuer ("UBND TỈNH QUẢNG NGÃI"); may be empty. */
  parent: string;
  /** The issuing body, as it reads in a sentence ("Văn phòng UBND tỉnh"); the heading writes it in capitals. */
  issuer: string;
  /** Kính gửi: the receiving body. After the 2025 reorganisation it is no longer always Sở TTTT. */
  to: string;
  /** The symbol after "Số: …/" ("BC-VP"). */
  symbol: string;
  /** The signer's authority ("CHÁNH VĂN PHÒNG"); empty leaves a marked place. */
  signer: string;
}

export const LETTER_FIELDS = ['parent', 'issuer', 'to', 'symbol', 'signer'] as const satisfies readonly (keyof ReportLetter)[];

export const LETTER_DEFAULTS: ReportLetter = {
  parent: 'UBND TỈNH QUẢNG NGÃI',
  issuer: 'Văn phòng UBND tỉnh',
  // Sở Thông tin và Truyền thông was merged into Sở Khoa học và Công nghệ on 1/3/2025.
  to: 'Sở Khoa học và Công nghệ tỉnh Quảng Ngãi',
  symbol: 'BC-VP',
  signer: '',
};

export const LETTER_MAX_CHARS = 150;

/** Control characters would make the document unreadable; they come only from crafted links. */
const CONTROL = /[\u0000-\u001f\u007f]/g;

export function parseLetter(query: Record<string, unknown>, problems: QueryProblem[]): ReportLetter {
  const letter: ReportLetter = { ...LETTER_DEFAULTS };
  for (const name of LETTER_FIELDS) {
    const raw = query[name];
    if (raw === undefined) continue;
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (list.length === 0) continue;
    const value = list[list.length - 1].replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
    if (value.length > LETTER_MAX_CHARS) {
      problems.push({ param: name, value: `${value.slice(0, 60)}…`, code: 'letter-too-long' });
      letter[name] = value.slice(0, LETTER_MAX_CHARS);
    } else {
      letter[name] = value;
    }
  }
  return letter;
}

/** The letter's fields that differ from the defaults, as query pairs for links. */
export function letterParams(letter: ReportLetter): [string, string][] {
  return LETTER_FIELDS.filter((name) => letter[name] !== LETTER_DEFAULTS[name]).map((name) => [name, letter[name]]);
}
