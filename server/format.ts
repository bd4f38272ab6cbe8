/**
 * How numbers, shares and dates read on the site: Vietnamese style by default (1.234; 27,8%; 22/11/2026).
 */
import type { Locale } from './i18n';
import { vietnamTime } from '../domain/time';

const numberFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};
const percentFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

export function formatNumber(value: number, locale: Locale = 'vi'): string {
  return numberFormats[locale].format(value);
}

/** A share 0–100 with one decimal: "27,8%"; an em dash when there is nothing to divide by. */
export function formatPercent(value: number | null, locale: Locale = 'vi'): string {
  return value === null ? '—' : `${percentFormats[locale].format(value)}%`;
}

/** YYYY-MM-DD or an ISO timestamp → dd/mm/yyyy (timestamps read in Vietnam's time, UTC+7). */
export function formatDate(value: string): string {
  const date = value.length > 10 ? vietnamTime(value).date : value;
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** An ISO timestamp → its clock time in Vietnam, "14:05" (or "14:05:09" with seconds). */
export function formatTime(value: string, seconds = false): string {
  const { time } = vietnamTime(value);
  return seconds ? time : time.slice(0, 5);
}

/** part ÷ whole as a share 0–100, or null when whole is 0. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/** Fills %name% placeholders in a message; values are inserted literally (no $-patterns). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/%(\w+)%/g, (whole, key: string) => values[key] ?? whole);
}
