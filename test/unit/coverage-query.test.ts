import { parseDashboardQuery, parseReportQuery, parseTrendQuery } from '../../server/coverage/coverage-query';

const TODAY = '2026-11-22';

describe('parseDashboardQuery', () => {
  it('defaults to today, the whole catalogue, by level-4 share, largest first', () => {
    expect(parseDashboardQuery({}, TODAY)).toEqual({
      query: { scope: { tiers: [], fields: [] }, at: null, sort: 'level4Pct', direction: 'desc' },
      page: 1,
      problems: [],
    });
  });

  it('reads the page of the agencies table, and reports one that is not a whole number from 1', () => {
    expect(parseDashboardQuery({ page: '3' }, TODAY).page).toBe(3);
    for (const page of ['0', '-1', 'abc', '1.5']) {
      const parsed = parseDashboardQuery({ page }, TODAY);
      expect(parsed.page).toBe(1);
      expect(parsed.problems).toEqual([expect.objectContaining({ param: 'page', code: 'page-invalid' })]);
    }
  });

  it('reads tiers, fields, a date and a sort; an empty form field means "all"', () => {
    expect(parseDashboardQuery({ tier: ['commune', 'province'], field: ['ho-tich', ''], at: '2020-06-30', sort: 'agency', lang: 'en' }, TODAY).query).toEqual({
      scope: { tiers: ['province', 'commune'], fields: ['ho-tich'] },
      at: '2020-06-30',
      sort: 'agency',
      direction: 'asc',
    });
    expect(parseDashboardQuery({ tier: '', field: '', at: '' }, TODAY)).toEqual(parseDashboardQuery({}, TODAY));
  });

  it.each(['30/06/2020', '30/6/2020', '30-06-2020', '30.06.2020', ' 2020-06-30 '])('reads the date %j day first (as typed in Vietnam) or as ISO', (at) => {
    const { query, problems } = parseDashboardQuery({ at }, TODAY);
    expect(problems).toEqual([]);
    expect(query.at).toBe('2020-06-30');
  });

  it.each([
    [{ at: '2020-13-45' }, 'at', 'at-invalid'],
    [{ at: '2020-02-30' }, 'at', 'at-invalid'],
    [{ at: '06/30/2020' }, 'at', 'at-invalid'],
    [{ at: '31/02/2020' }, 'at', 'at-invalid'],
    [{ at: '23/11/2026' }, 'at', 'at-future'],
    [{ at: '2026-11-23' }, 'at', 'at-future'],
    [{ sort: 'drop table' }, 'sort', 'sort-invalid'],
    [{ sort: '__proto__' }, 'sort', 'sort-invalid'],
    [{ dir: 'up' }, 'dir', 'dir-invalid'],
    [{ tier: 'x' }, 'tier', 'tier-invalid'],
    [{ field: 'Hộ tịch' }, 'field', 'field-invalid'],
  ])('drops and reports %j', (query, param, code) => {
    const { query: parsed, problems } = parseDashboardQuery(query, TODAY);
    expect(problems).toEqual([expect.objectContaining({ param, code })]);
    expect(parsed).toEqual(parseDashboardQuery({}, TODAY).query);
  });

  it('cuts a very long bad value in its message', () => {
    const { problems } = parseDashboardQuery({ sort: 'x'.repeat(5000) }, TODAY);
    expect(problems[0].value).toHaveLength(61);
  });

  it('ignores values that are not strings (nested objects from a crafted query)', () => {
    expect(parseDashboardQuery({ at: { a: '1' }, sort: ['level1', { b: 2 }] }, TODAY).query).toMatchObject({ at: null, sort: 'level1' });
  });
});

describe('parseTrendQuery', () => {
  it('reads the period and the agency to draw', () => {
    expect(parseTrendQuery({ period: 'import', agency: 'so-tu-phap' }).query).toEqual({ scope: { tiers: [], fields: [] }, period: 'import', agency: 'so-tu-phap' });
    expect(parseTrendQuery({ period: 'weekly', agency: 'Sở '.repeat(34) }).problems.map((p) => p.code)).toEqual(['period-invalid', 'agency-invalid']);
    // A name as a person types it is read (and looked up among the agencies), blank is none.
    expect(parseTrendQuery({ agency: '  Sở Tư pháp ' }).query.agency).toBe('Sở Tư pháp');
    expect(parseTrendQuery({ agency: ' ' })).toMatchObject({ query: { agency: null }, problems: [] });
  });
});

describe('parseReportQuery', () => {
  it.each([
    [{}, { year: 2026, q: 4 }, []],
    [{ quarter: '2020-Q2' }, { year: 2020, q: 2 }, []],
    [{ quarter: '2026-Q4' }, { year: 2026, q: 4 }, []],
    [{ quarter: '2020-Q5' }, { year: 2026, q: 4 }, ['quarter-invalid']],
    [{ quarter: '2027-Q1' }, { year: 2026, q: 4 }, ['quarter-future']],
  ])('%j → %j', (query, quarter, codes) => {
    const parsed = parseReportQuery(query, TODAY);
    expect(parsed.quarter).toEqual(quarter);
    expect(parsed.problems.map((p) => p.code)).toEqual(codes);
  });
});
