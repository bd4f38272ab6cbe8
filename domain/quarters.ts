/**
 * Calendar quarters, as the province reports by them ("Định kỳ hàng quý"). Dates are YYYY-MM-DD text.
 */
export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

const QUARTER = /^(\d{4})-Q([1-4])$/i;

/** "2020-Q2" (or "2020-q2") → { year: 2020, q: 2 }; null when it is not a quarter. */
export function parseQuarter(text: string): Quarter | null {
  const m = QUARTER.exec(text.trim());
  return m ? { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] } : null;
}

/** The URL form: "2020-Q2". */
export function quarterParam(quarter: Quarter): string {
  return `${quarter.year}-Q${quarter.q}`;
}

export function quarterOf(date: string): Quarter {
  const month = Number(date.slice(5, 7));
  return { year: Number(date.slice(0, 4)), q: (Math.floor((month - 1) / 3) + 1) as Quarter['q'] };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function quarterStart(quarter: Quarter): string {
  return `${quarter.year}-${pad(quarter.q * 3 - 2)}-01`;
}

export function quarterEnd(quarter: Quarter): string {
  const month = quarter.q * 3;
  const lastDay = new Date(Date.UTC(quarter.year, month, 0)).getUTCDate();
  return `${quarter.year}-${pad(month)}-${pad(lastDay)}`;
}

export function nextQuarter(quarter: Quarter): Quarter {
  return quarter.q === 4 ? { year: quarter.year + 1, q: 1 } : { year: quarter.year, q: (quarter.q + 1) as Quarter['q'] };
}

export function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year - b.year || a.q - b.q;
}

/** Every quarter from `from` to `to`, both included; empty when `to` is earlier. */
export function quartersBetween(from: Quarter, to: Quarter): Quarter[] {
  const out: Quarter[] = [];
  for (let q = from; compareQuarters(q, to) <= 0; q = nextQuarter(q)) out.push(q);
  return out;
}

/** The day before a date. */
export function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
