/**
 * Distinct queries for the benchmark: what a crowd of visitors sends, each their own search or filters,
 * rather than the same few URLs the page cache answers. Seeded: the same seed, source and count give the
 * same list of URLs (paths with their query strings), in the same order.
 *
 * - "search": 1–3 words taken from real procedure names (the ones the bench catalogue is generated from),
 *   typed with or without diacritics, in the name's order or shuffled, the last word sometimes unfinished;
 *   now and then with a filter, a sort or a later page.
 * - "filter": combinations of level, tier, portal, agency and field slugs (that the catalogue holds),
 *   status, every sort (ascending and descending), page sizes and pages, deep ones included.
 *
 * Both mixes go to the HTML list (/procedures) and the JSON API (/api/procedures).
 */
import { foldVietnamese } from '../../domain/text';
import { mulberry32, type Rng } from '../../tools/build-sample-catalogue';

export type QueryMix = 'search' | 'filter';

export interface QuerySource {
  /** Procedure names, as the catalogue holds them. */
  names: readonly string[];
  /** Agency slugs the catalogue holds. */
  agencySlugs: readonly string[];
  /** Field slugs the catalogue holds. */
  fieldSlugs: readonly string[];
}

export interface DistinctQueryOptions {
  seed: number;
  count: number;
}

export const SORTS: readonly string[] = ['name', 'code', 'agency', 'level'].flatMap((k) => [k, `-${k}`]);
export const PAGE_SIZES: readonly number[] = [10, 20, 25, 50, 100, 200];
const TIERS = ['province', 'district', 'commune', 'central', 'other'] as const;
const STATUSES = ['current', 'withdrawn', 'all'] as const;
const PATHS = ['/procedures', '/api/procedures'] as const;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const chance = (rng: Rng, p: number): boolean => rng() < p;
const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

/** The words of a name as a visitor would type them: letters and digits only. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.toLocaleLowerCase('vi'));
}

/** Shallow pages mostly, sometimes a deep one (the catalogue has thousands at 50 a page). */
function pageNumber(rng: Rng): number {
  const r = rng();
  if (r < 0.55) return 1;
  if (r < 0.85) return between(rng, 2, 20);
  return between(rng, 21, 2_000);
}

function searchText(rng: Rng, words: readonly string[][]): string {
  const name = pick(rng, words);
  const n = Math.min(name.length, between(rng, 1, 3));
  const start = between(rng, 0, name.length - n);
  let chosen = name.slice(start, start + n);
  if (n > 1 && chance(rng, 0.25)) chosen.reverse(); // words in any order find it
  if (chance(rng, 0.5)) chosen = chosen.map(foldVietnamese); // typed without diacritics
  const last = chosen[chosen.length - 1]!;
  if (last.length >= 3 && chance(rng, 0.35)) {
    // Unfinished: the visitor is still typing (cut on code points, so a letter is never split).
    const letters = [...last];
    chosen[chosen.length - 1] = letters.slice(0, between(rng, 2, letters.length - 1)).join('');
  }
  return chosen.join(' ');
}

function searchQuery(rng: Rng, source: QuerySource, words: readonly string[][]): URLSearchParams {
  const params = new URLSearchParams();
  params.set('q', searchText(rng, words));
  if (chance(rng, 0.2)) params.append('level', String(between(rng, 1, 4)));
  if (chance(rng, 0.1)) params.set('tier', pick(rng, TIERS));
  if (chance(rng, 0.05) && source.agencySlugs.length) params.append('agency', pick(rng, source.agencySlugs));
  if (chance(rng, 0.2)) params.set('sort', pick(rng, SORTS));
  if (chance(rng, 0.15)) params.set('pageSize', String(pick(rng, PAGE_SIZES)));
  // A visitor rarely pages far through search results.
  if (chance(rng, 0.2)) params.set('page', String(between(rng, 2, 10)));
  return params;
}

function filterQuery(rng: Rng, source: QuerySource): URLSearchParams {
  const params = new URLSearchParams();
  // At least one filter, so that no URL is the bare list.
  for (let added = 0; added === 0; ) {
    if (chance(rng, 0.5)) {
      const levels = new Set<number>();
      for (let i = between(rng, 1, 2); i > 0; i--) levels.add(between(rng, 1, 4));
      for (const level of levels) params.append('level', String(level));
      added++;
    }
    if (chance(rng, 0.4)) {
      params.set('tier', pick(rng, TIERS));
      added++;
    }
    if (chance(rng, 0.3)) {
      params.set('portal', chance(rng, 0.5) ? 'yes' : 'no');
      added++;
    }
    if (chance(rng, 0.3) && source.agencySlugs.length) {
      params.append('agency', pick(rng, source.agencySlugs));
      if (chance(rng, 0.2)) params.append('agency', pick(rng, source.agencySlugs));
      added++;
    }
    if (chance(rng, 0.3) && source.fieldSlugs.length) {
      params.append('field', pick(rng, source.fieldSlugs));
      added++;
    }
    if (chance(rng, 0.15)) {
      params.set('status', pick(rng, STATUSES));
      added++;
    }
  }
  if (chance(rng, 0.7)) params.set('sort', pick(rng, SORTS));
  if (chance(rng, 0.3)) params.set('pageSize', String(pick(rng, PAGE_SIZES)));
  const page = pageNumber(rng);
  if (page > 1) params.set('page', String(page));
  return params;
}

/**
 * `count` URLs (path and query) for the mix, distinct as far as the source allows: a URL drawn twice is
 * drawn again, up to a bounded number of tries, so a tiny source gives a shorter list rather than a loop.
 */
export function distinctQueries(mix: QueryMix, source: QuerySource, options: DistinctQueryOptions): string[] {
  const rng = mulberry32((options.seed ^ (mix === 'search' ? 0x5ea4c4 : 0xf17e45)) >>> 0);
  const words = source.names.map(nameWords).filter((w) => w.length > 0);
  if (mix === 'search' && words.length === 0) throw new Error('distinctQueries: no procedure names to search for');
  const seen = new Set<string>();
  const out: string[] = [];
  const maxTries = options.count * 20;
  for (let tries = 0; out.length < options.count && tries < maxTries; tries++) {
    const params = mix === 'search' ? searchQuery(rng, source, words) : filterQuery(rng, source);
    const url = `${chance(rng, 0.3) ? PATHS[1] : PATHS[0]}?${params.toString()}`;
    if (seen.has(url)) continue;
    seen.add(url);
    out.push(url);
  }
  return out;
}
