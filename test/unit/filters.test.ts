import { catalogueListUrl, filterParams, MAX_QUERY_CHARS, NO_FILTERS, parseFilters } from '../../domain/filters';

describe('parseFilters', () => {
  it('reads every filter, with repeated agency, field, tier and level', () => {
    const { filters, problems } = parseFilters({
      q: 'khai sinh',
      agency: ['so-tu-phap', 'ubnd-huyen-binh-son', 'so-tu-phap'],
      field: 'ho-tich',
      tier: ['commune', 'province'],
      level: ['4', '3'],
      portal: 'yes',
      qd411: 'no',
      eligible: 'yes',
      status: 'all',
    });
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      q: 'khai sinh',
      agencies: ['so-tu-phap', 'ubnd-huyen-binh-son'],
      fields: ['ho-tich'],
      tiers: ['province', 'commune'],
      levels: [3, 4],
      portal: true,
      qd411: false,
      eligible: true,
      status: 'all',
    });
  });

  it('defaults to current offerings and no other filter', () => {
    expect(parseFilters({})).toEqual({ filters: NO_FILTERS, problems: [] });
  });

  it.each([
    [{ level: '9' }, 'level'],
    [{ level: 'abc' }, 'level'],
    [{ level: '3.5' }, 'level'],
    [{ tier: 'village' }, 'tier'],
    [{ portal: 'maybe' }, 'portal'],
    [{ status: 'deleted' }, 'status'],
    [{ agency: 'Sở Tư pháp' }, 'agency'],
    [{ agency: "x' OR 1=1 --" }, 'agency'],
    [{ field: '<script>' }, 'field'],
  ])('drops and reports a bad value: %j', (query, param) => {
    const { filters, problems } = parseFilters(query);
    expect(problems).toEqual([expect.objectContaining({ param, reason: 'invalid' })]);
    expect(filters).toEqual(NO_FILTERS);
  });

  it('cuts a very long search and says so', () => {
    const { filters, problems } = parseFilters({ q: 'a'.repeat(10_000) });
    expect(filters.q).toHaveLength(MAX_QUERY_CHARS);
    expect(problems).toEqual([expect.objectContaining({ param: 'q', reason: 'too-long' })]);
  });

  it('ignores values that are not strings (nested objects from a crafted query)', () => {
    expect(parseFilters({ level: { a: '1' } as unknown as string }).filters.levels).toEqual([]);
  });
});

describe('catalogueListUrl', () => {
  it('prints filters back in a stable order, leaving defaults out', () => {
    expect(catalogueListUrl({})).toBe('/procedures');
    expect(catalogueListUrl({ agencies: ['so-tu-phap'], levels: [3, 4], portal: true })).toBe(
      '/procedures?agency=so-tu-phap&level=3&level=4&portal=yes',
    );
    expect(catalogueListUrl({ q: 'đăng ký & kết hôn', status: 'withdrawn' }, [['page', '2']])).toBe(
      '/procedures?q=%C4%91%C4%83ng+k%C3%BD+%26+k%E1%BA%BFt+h%C3%B4n&status=withdrawn&page=2',
    );
  });

  it('round-trips through parseFilters', () => {
    const filters = { ...NO_FILTERS, q: 'x', agencies: ['a'], fields: ['b'], tiers: ['district' as const], levels: [1 as const], portal: false, qd411: true, eligible: false, status: 'all' as const };
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of filterParams(filters)) query[k] = query[k] === undefined ? v : ([] as string[]).concat(query[k], v);
    expect(parseFilters(query).filters).toEqual(filters);
  });
});
