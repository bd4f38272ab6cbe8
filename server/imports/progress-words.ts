/**
 * Long work's progress as the page and its poll say it: "12.345 / 40.000 dòng", "8.120 dòng/giây",
 * "còn khoảng 2 phút". A time left only from a known total; while a file is first read, "đang đọc…".
 */
import { roundedDuration, secondsLeft } from '../../domain/work-rate';

export interface ProgressWords {
  rowsOfTotal: string;
  rowsSoFar: string;
  offeringsOfTotal: string;
  fileRead: string;
  rate: string;
  rateOfferings: string;
  measuring: string;
  reading: string;
  finishing: string;
  left: string;
  hours: string;
  minutes: string;
  seconds: string;
}

/** What the work has counted (db/progress-repository's WorkProgress, or nothing yet). */
export interface ProgressFigures {
  phase: 'checking' | 'committing' | 'undoing';
  done: number;
  total: number | null;
  bytesRead: number;
  totalBytes: number;
  rate: number | null;
}

export interface ProgressView {
  /** The <progress> element's value and max (the rows against their total, else the bytes of the file read). */
  value: number;
  max: number;
  /** Whole percent shown beside the bar. */
  percent: number;
  done: string;
  speed: string;
  left: string;
}

const fill = (template: string, values: Record<string, string>): string => template.replace(/%(\w+)%/g, (m, k: string) => values[k] ?? m);

export function durationWords(seconds: number, words: Pick<ProgressWords, 'hours' | 'minutes' | 'seconds'>, formatNumber: (n: number) => string): string {
  const d = roundedDuration(seconds);
  const parts: string[] = [];
  if (d.hours > 0) parts.push(fill(words.hours, { n: formatNumber(d.hours) }));
  if (d.minutes > 0) parts.push(fill(words.minutes, { n: formatNumber(d.minutes) }));
  if (d.seconds > 0) parts.push(fill(words.seconds, { n: formatNumber(d.seconds) }));
  return parts.join(' ');
}

export function progressView(p: ProgressFigures, words: ProgressWords, formatNumber: (n: number) => string): ProgressView {
  const undoing = p.phase === 'undoing';
  const known = p.total !== null && p.total > 0;
  const value = known ? Math.min(p.done, p.total!) : Math.min(p.bytesRead, p.totalBytes);
  const max = known ? p.total! : Math.max(p.totalBytes, 1);
  const percent = Math.floor((value / max) * 100);
  const done = known
    ? fill(undoing ? words.offeringsOfTotal : words.rowsOfTotal, { done: formatNumber(value), total: formatNumber(p.total!) })
    : `${fill(words.rowsSoFar, { done: formatNumber(p.done) })} (${fill(words.fileRead, { pct: `${percent}%` })})`;
  const speed = p.rate === null ? words.measuring : fill(undoing ? words.rateOfferings : words.rate, { rate: formatNumber(Math.round(p.rate)) });
  let left: string;
  if (!known) left = words.reading;
  else if (p.done >= p.total!) left = words.finishing;
  else {
    const seconds = secondsLeft(p.done, p.total, p.rate);
    left = seconds === null ? words.measuring : fill(words.left, { duration: durationWords(seconds, words, formatNumber) });
  }
  return { value, max, percent, done, speed, left };
}
