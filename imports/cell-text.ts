/**
 * The text a clerk sees in a workbook cell, from the value Excel stores: shared or inline strings, rich text
 * (its runs joined), numbers (written as the cell's number format shows them), dates, booleans, formulas
 * (their cached result), errors. Pure: no I/O.
 */
import type { CellValue } from 'exceljs';

/** Excel's escape for characters XML cannot hold: "_x000D_" is a carriage return, "_x0001_" U+0001. */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function decodeOoxmlEscapes(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(OOXML_ESCAPE, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface CellText {
  text: string;
  /** The cell holds a number: its text is the number as the format shows it. */
  number: boolean;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Dates as Vietnamese clerks write them: 30/06/2020, with the time when there is one. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  return h || m || s ? `${day} ${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ''}` : day;
}

/**
 * A number as its format shows it. Handled: General (and "@", text), and the fixed-point formats ("0",
 * "0.000000", "#,##0.00", with "%"): what codes and counts use. Any other format shows the number as General
 * does; the code column refuses such a number unless it reads as a full code (imports/validate.ts).
 */
export function numberText(value: number, numFmt: string | undefined): string {
  if (!Number.isFinite(value)) return '';
  const section = (numFmt ?? 'General').split(';')[0].replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '').trim();
  const fixed = /^(#,##)?0(\.(0+))?(%?)$/.exec(section);
  if (fixed) {
    const decimals = fixed[3]?.length ?? 0;
    const scaled = fixed[4] ? value * 100 : value;
    let text = scaled.toFixed(decimals);
    if (fixed[1]) {
      const [whole, fraction] = text.split('.');
      text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction !== undefined ? `.${fraction}` : '');
    }
    return text + fixed[4];
  }
  // General: the shortest text that reads back as the same number, at most 15 significant digits as Excel keeps.
  return String(Number(value.toPrecision(15)));
}

export function cellText(value: CellValue, numFmt: string | undefined): CellText {
  if (value === null || value === undefined) return { text: '', number: false };
  if (typeof value === 'string') return { text: decodeOoxmlEscapes(value), number: false };
  if (typeof value === 'number') return { text: numberText(value, numFmt), number: true };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', number: false };
  if (value instanceof Date) return { text: dateText(value), number: false };
  if ('richText' in value) return { text: decodeOoxmlEscapes(value.richText.map((run) => run.text).join('')), number: false };
  if ('error' in value) return { text: String(value.error), number: false };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || (typeof result === 'number' && Number.isNaN(result))) return { text: '', number: false };
    return cellText(result as CellValue, numFmt);
  }
  if ('text' in value) return cellText((value as { text: CellValue }).text, numFmt);
  return { text: '', number: false };
}
