/**
 * The filters that select offerings, shared by the catalogue list, its JSON and CSV, and the coverage
 * dashboard's links. The URL is the whole state: these parse from and print back to a query string.
 */
import { isServiceLevel, type ServiceLevel } from './levels';
import { isTier, sortTiers, type Tier } from './tiers';

export type StatusFilter = 'current' | 'withdrawn' | 'all';

export interface OfferingFilters {
  /** Words or a code to search for; '' for none. */
  q: string;
  /** Agency slugs. */
  agencies: string[];
  /** Field slugs. */
  fields: string[];
  tiers: Tier[];
  levels: ServiceLevel[];
  portal: boolean | null;
  qd411: boolean | null;
  eligible: boolean | null;
  status: StatusFilter;
}

export const NO_FILTERS: OfferingFilters = {
  q: '',
  agencies: [],
  fields: [],
  tiers: [],
  levels: [],
  portal: null,
  qd411: null,
  eligible: null,
  status: 'current',
};

/** A parameter that could not be used, and why (the caller words the message for the page's language). */
export interface FilterProblem {
  param: string;
  value: string;
  reason: 'invalid' | 'too-long';
}

export const MAX_QUERY_CHARS = 200;
const SLUG = /^[a-z0-9-]{1,100}$/;

type Query = Record<string, unknown>;

function values(query: Query, name: string): string[] {
  const raw = query[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

/**
 * Reads filters from a parsed query string (repeated parameters arrive as arrays). Unknown values are
 * dropped and reported, never passed on: a bad parameter gets a message, not an error page.
 */
export function parseFilters(query: Query): { filters: OfferingFilters; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const filters: OfferingFilters = { ...NO_FILTERS, agencies: [], fields: [], tiers: [], levels: [] };

  const q = values(query, 'q').join(' ');
  if (q.length > MAX_QUERY_CHARS) {
    problems.push({ param: 'q', value: `${q.slice(0, 40)}…`, reason: 'too-long' });
    filters.q = q.slice(0, MAX_QUERY_CHARS);
  } else filters.q = q;

  for (const [param, key] of [['agency', 'agencies'], ['field', 'fields']] as const) {
    for (const value of values(query, param)) {
      if (SLUG.test(value)) filters[key].push(value);
      else problems.push({ param, value: value.slice(0, 60), reason: 'invalid' });
    }
    filters[key] = unique(filters[key]);
  }
  for (const value of values(query, 'tier')) {
    if (isTier(value)) filters.tiers.push(value);
    else problems.push({ param: 'tier', value: value.slice(0, 60), reason: 'invalid' });
  }
  filters.tiers = sortTiers(filters.tiers);
  for (const value of values(query, 'level')) {
    const level = /^[1-4]$/.test(value) ? Number(value) : NaN;
    if (isServiceLevel(level)) filters.levels.push(level);
    else problems.push({ param: 'level', value: value.slice(0, 60), reason: 'invalid' });
  }
  filters.levels = unique(filters.levels).sort();
  for (const param of ['portal', 'qd411', 'eligible'] as const) {
    const [value] = values(query, param);
    if (value === undefined) continue;
    if (value === 'yes' || value === 'no') filters[param] = value === 'yes';
    else problems.push({ param, value: value.slice(0, 60), reason: 'invalid' });
  }
  const [status] = values(query, 'status');
  if (status !== undefined) {
    if (status === 'current' || status === 'withdrawn' || status === 'all') filters.status = status;
    else problems.push({ param: 'status', value: status.slice(0, 60), reason: 'invalid' });
  }
  return { filters, problems };
}

/** The query-string pairs for these filters, in a stable order (defaults left out). */
export function filterParams(filters: OfferingFilters): [string, string][] {
  const pairs: [string, string][] = [];
  if (filters.q) pairs.push(['q', filters.q]);
  for (const a of filters.agencies) pairs.push(['agency', a]);
  for (const f of filters.fields) pairs.push(['field', f]);
  for (const t of filters.tiers) pairs.push(['tier', t]);
  for (const l of filters.levels) pairs.push(['level', String(l)]);
  for (const key of ['portal', 'qd411', 'eligible'] as const) {
    if (filters[key] !== null) pairs.push([key, filters[key] ? 'yes' : 'no']);
  }
  if (filters.status !== 'current') pairs.push(['status', filters.status]);
  return pairs;
}

/** `/procedures?…` for these filters, plus any extra parameters (page, sort…). */
export function catalogueListUrl(filters: Partial<OfferingFilters>, extra: [string, string][] = [], path = '/procedures'): string {
  const params = new URLSearchParams([...filterParams({ ...NO_FILTERS, ...filters }), ...extra]);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
