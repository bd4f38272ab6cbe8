import { defaultProcedures } from '../bench/generate';
import { distinctQueries, nameWords, SORTS, type QuerySource } from '../bench/distinct-queries';

const source: QuerySource = {
  names: defaultProcedures().map((p) => p.name),
  agencySlugs: ['so-tu-phap-tinh-quang-ngai', 'ubnd-huyen-son-tinh-tinh-quang-ngai', 'cuc-thue-tinh-an-giang'],
  fieldSlugs: ['ho-tich', 'dat-dai', 'giao-duc-va-dao-tao'],
};

describe('distinct queries for the benchmark', () => {
  it.each(['search', 'filter'] as const)('%s: the same seed gives the same list, another seed another', (mix) => {
    const a = distinctQueries(mix, source, { seed: 7, count: 500 });
    expect(distinctQueries(mix, source, { seed: 7, count: 500 })).toEqual(a);
    expect(distinctQueries(mix, source, { seed: 8, count: 500 })).not.toEqual(a);
  });

  it.each(['search', 'filter'] as const)('%s: a list of 4,000 holds (nearly) 4,000 distinct URLs', (mix) => {
    const urls = distinctQueries(mix, source, { seed: 411, count: 4_000 });
    expect(urls.length).toBeGreaterThanOrEqual(3_960);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('searches words of real names, with and without diacritics, some unfinished, on both paths', () => {
    const urls = distinctQueries('search', source, { seed: 411, count: 2_000 });
    const queries = urls.map((u) => new URL(u, 'http://x').searchParams.get('q') ?? '');
    const allWords = new Set(source.names.flatMap(nameWords));
    const folded = new Set([...allWords].map((w) => w.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd')));
    expect(queries.every((q) => q.split(' ').length >= 1 && q.split(' ').length <= 3)).toBe(true);
    expect(queries.some((q) => /[^\x00-\x7f]/.test(q))).toBe(true);
    expect(queries.some((q) => q.length > 0 && !/[^\x00-\x7f]/.test(q))).toBe(true);
    // Some last words are prefixes: not whole words of any name.
    expect(queries.some((q) => { const last = q.split(' ').pop()!; return !allWords.has(last) && !folded.has(last); })).toBe(true);
    expect(urls.some((u) => u.startsWith('/procedures?'))).toBe(true);
    expect(urls.some((u) => u.startsWith('/api/procedures?'))).toBe(true);
  });

  it('filters use every sort, known slugs, page sizes and deep pages', () => {
    const params = distinctQueries('filter', source, { seed: 411, count: 2_000 }).map((u) => new URL(u, 'http://x').searchParams);
    expect(new Set(params.map((p) => p.get('sort')).filter(Boolean))).toEqual(new Set(SORTS));
    const agencies = params.flatMap((p) => p.getAll('agency'));
    expect(agencies.length).toBeGreaterThan(0);
    expect(agencies.every((a) => source.agencySlugs.includes(a))).toBe(true);
    expect(params.some((p) => p.has('field') && p.has('level'))).toBe(true);
    expect(params.some((p) => p.has('pageSize'))).toBe(true);
    expect(params.some((p) => Number(p.get('page')) > 100)).toBe(true);
    expect(params.every((p) => ['level', 'tier', 'portal', 'agency', 'field', 'status'].some((k) => p.has(k)))).toBe(true);
  });
});
