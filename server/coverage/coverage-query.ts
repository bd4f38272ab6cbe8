/**
 * Reads the coverage pages' query strings. The URL is the whole state; a parameter that cannot be used is
 * dropped and reported (the page says so with status 400), never passed on and never a 500.
 */
import { readDate } from '../../domain/time';
import type { CoverageScope } from '../../domain/coverage';
import { parseFilters } from '../../domain/filters';
import { parseQuarter, quarterOf, quarterParam, quarterStart, type Quarter } from '../../domain/quarters';
import { defaultDirection, isSortKey, type SortDirection, type SortKey } from '../services/coverage-rates';
import type { DashboardQuery, DashboardView, TrendPeriod, TrendQuery, TrendSort } from '../services/coverage-service';

export type ProblemCode =
  | 'at-invalid'
  | 'at-future'
  | 'tier-invalid'
  | 'field-invalid'
  | 'field-unknown'
  | 'sort-invalid'
  | 'dir-invalid'
  | 'page-invalid'
  | 'period-invalid'
  | 'agency-invalid'
  | 'agency-unknown'
  | 'quarter-invalid'
  | 'quarter-future'
  | 'letter-too-long'
  | 'view-invalid'
  | 'format-invalid';

/** A parameter that could not be used: which, its value (cut short), and why. */
export interface QueryProblem {
  param: string;
  value: string;
  code: ProblemCode;
}

type Query = Record<string, unknown>;

/** The last non-blank string given for a parameter (a form may send it empty). */
function single(query: Query, name: string): string | undefined {
  const raw = query[name];
  const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  return list.filter((v) => v !== '').pop();
}

const short = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** Tiers and fields, with the catalogue list's own parser (so links carry exactly the same filters). */
export function parseScope(query: Query, problems: QueryProblem[]): CoverageScope {
  const only: Query = {};
  for (const name of ['tier', 'field']) {
    const raw = query[name];
    // A form's "all" choice sends the parameter empty.
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v) => typeof v === 'string' && v.trim() !== '');
    if (list.length > 0) only[name] = list;
  }
  const { filters, problems: found } = parseFilters(only);
  for (const p of found) problems.push({ param: p.param, value: short(p.value), code: p.param === 'tier' ? 'tier-invalid' : 'field-invalid' });
  return { tiers: filters.tiers, fields: filters.fields };
}

export const DEFAULT_SORT: SortKey = 'level4Pct';

/** The page of agencies asked for (1 when none is given or it cannot be used). */
function parsePage(query: Query, problems: QueryProblem[]): number {
  const text = single(query, 'page');
  if (text === undefined) return 1;
  if (/^\d{1,6}$/.test(text) && Number(text) >= 1) return Number(text);
  problems.push({ param: 'page', value: short(text), code: 'page-invalid' });
  return 1;
}

export function parseDashboardQuery(query: Query, today: string): { query: DashboardQuery; page: number; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const scope = parseScope(query, problems);

  let at: string | null = null;
  const atText = single(query, 'at');
  if (atText !== undefined) {
    const date = readDate(atText);
    if (date === null) problems.push({ param: 'at', value: short(atText), code: 'at-invalid' });
    else if (date > today) problems.push({ param: 'at', value: atText, code: 'at-future' });
    else at = date;
  }

  let sort: SortKey = DEFAULT_SORT;
  const sortText = single(query, 'sort');
  if (sortText !== undefined) {
    if (isSortKey(sortText)) sort = sortText;
    else problems.push({ param: 'sort', value: short(sortText), code: 'sort-invalid' });
  }
  let direction: SortDirection = defaultDirection(sort);
  const dirText = single(query, 'dir');
  if (dirText !== undefined) {
    if (dirText === 'asc' || dirText === 'desc') direction = dirText;
    else problems.push({ param: 'dir', value: short(dirText), code: 'dir-invalid' });
  }
  const page = parsePage(query, problems);
  let view: DashboardView = 'all';
  const viewText = single(query, 'view');
  if (viewText !== undefined) {
    if (viewText === 'falling' || viewText === 'all') view = viewText;
    else problems.push({ param: 'view', value: short(viewText), code: 'view-invalid' });
  }
  return { query: { scope, at, sort, direction, ...(view === 'falling' ? { view } : {}) }, page, problems };
}

/** The longest agency name or slug the trend's agency choice reads. */
const MAX_AGENCY_CHARS = 100;

export function parseTrendQuery(query: Query): { query: TrendQuery & { agency: string | null }; sort: TrendSort; page: number; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const scope = parseScope(query, problems);
  let period: TrendPeriod = 'quarter';
  const periodText = single(query, 'period');
  if (periodText !== undefined) {
    if (periodText === 'quarter' || periodText === 'import') period = periodText;
    else problems.push({ param: 'period', value: short(periodText), code: 'period-invalid' });
  }
  let agency: string | null = null;
  const agencyText = single(query, 'agency');
  if (agencyText !== undefined) {
    // A slug (from a link or the choice), or a name typed by a person (the choice of a national catalogue's agencies).
    const text = agencyText.normalize('NFC').trim();
    if (text.length > MAX_AGENCY_CHARS) problems.push({ param: 'agency', value: short(text), code: 'agency-invalid' });
    else if (text !== '') agency = text;
  }
  let sort: SortKey = 'changeQuarter';
  const sortText = single(query, 'sort');
  if (sortText !== undefined) {
    if (isSortKey(sortText)) sort = sortText;
    else problems.push({ param: 'sort', value: short(sortText), code: 'sort-invalid' });
  }
  let direction: SortDirection = sort === 'changeQuarter' || sort === 'changeYear' || sort === 'agency' ? 'asc' : defaultDirection(sort);
  const dirText = single(query, 'dir');
  if (dirText !== undefined) {
    if (dirText === 'asc' || dirText === 'desc') direction = dirText;
    else problems.push({ param: 'dir', value: short(dirText), code: 'dir-invalid' });
  }
  return { query: { scope, period, agency }, sort: { sort, direction }, page: parsePage(query, problems), problems };
}

/** The quarter asked for; the current one when none is given or it cannot be used. */
export function parseReportQuery(query: Query, today: string): { quarter: Quarter; page: number; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const page = parsePage(query, problems);
  const current = quarterOf(today);
  const text = single(query, 'quarter');
  if (text === undefined) return { quarter: current, page, problems };
  const quarter = parseQuarter(text);
  if (!quarter) {
    problems.push({ param: 'quarter', value: short(text), code: 'quarter-invalid' });
    return { quarter: current, page, problems };
  }
  if (quarterStart(quarter) > today) {
    problems.push({ param: 'quarter', value: quarterParam(quarter), code: 'quarter-future' });
    return { quarter: current, page, problems };
  }
  return { quarter, page, problems };
}

/** How a CSV is written: for Excel set to Vietnamese (the default), or plain for other programs. */
export type CsvStyle = 'vi' | 'plain';

/** `format=plain` asks for the CSV other programs read (comma, decimal point, YYYY-MM-DD dates). */
export function parseCsvStyle(query: Query, problems: QueryProblem[]): CsvStyle {
  const text = single(query, 'format');
  if (text === undefined) return 'vi';
  if (text === 'plain') return 'plain';
  problems.push({ param: 'format', value: short(text), code: 'format-invalid' });
  return 'vi';
}
