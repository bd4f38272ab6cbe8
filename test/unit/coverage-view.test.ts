import { countOffering, emptyTally } from '../../domain/coverage';
import { catalogueListUrl, parseFilters } from '../../domain/filters';
import { messagesFor } from '../../server/i18n';
import { coverageRow } from '../../server/services/coverage-rates';
import { COUNT_KEYS, countFilters, countLink } from '../../server/coverage/coverage-links';
import { dashboardParams, reportFormatters, sortHeader, tableCells, targetSentence, targetText, type DashboardState } from '../../server/coverage/coverage-view';

const vi = messagesFor('vi');
const en = messagesFor('en');
const state: DashboardState = { scope: { tiers: [], fields: [] }, at: null, sort: 'level4Pct', direction: 'desc', page: 1 };

describe('sortHeader', () => {
  it('sorts a new column its natural way first, and flips the sorted one', () => {
    expect(sortHeader(state, 'level4Pct')).toEqual({ href: '/coverage?sort=level4Pct&dir=asc#coverage-table', ariaSort: 'descending' });
    expect(sortHeader(state, 'agency')).toEqual({ href: '/coverage?sort=agency&dir=asc#coverage-table', ariaSort: 'none' });
    expect(sortHeader({ ...state, sort: 'level4Pct', direction: 'asc' }, 'level4Pct').href).toBe('/coverage#coverage-table');
  });

  it('keeps the filters and the date', () => {
    expect(sortHeader({ ...state, scope: { tiers: ['district'], fields: ['ho-tich'] }, at: '2020-06-30' }, 'total').href).toBe(
      '/coverage?tier=district&field=ho-tich&at=2020-06-30&sort=total&dir=desc#coverage-table',
    );
  });
});

describe('dashboardParams', () => {
  it('leaves defaults out', () => {
    expect(dashboardParams(state)).toEqual([]);
  });
});

describe('count links', () => {
  it('give each count filters the catalogue list reads back unchanged', () => {
    const scope = { tiers: ['commune' as const], fields: ['ho-tich'] };
    for (const key of COUNT_KEYS) {
      const filters = countFilters(scope, 'so-tu-phap', key);
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of new URL(catalogueListUrl(filters), 'http://x').searchParams) query[k] = query[k] === undefined ? v : ([] as string[]).concat(query[k], v);
      const parsed = parseFilters(query);
      expect(parsed.problems).toEqual([]);
      expect(parsed.filters).toMatchObject({ agencies: ['so-tu-phap'], tiers: ['commune'], fields: ['ho-tich'], status: 'current' });
    }
  });
});

describe('tableCells', () => {
  const tally = emptyTally();
  countOffering(tally, { level: 4, portalIntegrated: 1, qd411: null, eligible: null }, 2);
  countOffering(tally, { level: 2, portalIntegrated: 0, qd411: null, eligible: null }, 1);
  const row = coverageRow({ id: 1, name: 'Sở Tư pháp', slug: 'so-tu-phap' }, tally, { year: 2020, level4Pct: 30, basis: 'all', note: null, forYear: 2020 });
  const scope = { tiers: [], fields: [] };

  it('links non-zero counts, never zeros or shares', () => {
    const cells = tableCells(row, (r, key) => countLink(scope, r, key), String, (n) => (n === null ? '—' : `${n.toFixed(1)}%`));
    expect(cells[0]).toEqual({ kind: 'number', text: '3', href: '/procedures?agency=so-tu-phap&view=offerings', zero: false });
    expect(cells[1]).toEqual({ kind: 'number', text: '0', href: null, zero: true });
    expect(cells[4]).toEqual({ kind: 'number', text: '2', href: '/procedures?agency=so-tu-phap&level=4&view=offerings', zero: false });
    expect(cells[5]).toEqual({ kind: 'number', text: '66.7%', href: null, zero: false });
    expect(cells[16]).toEqual({ kind: 'assessment', meets: true });
    expect(cells).toHaveLength(18);
  });

  it('links nothing when there is no list to link to (a past date)', () => {
    expect(tableCells(row, null, String, String).some((c) => c.kind === 'number' && c.href !== null)).toBe(false);
  });
});

describe('targets and changes in words', () => {
  it('says which target applies and where it comes from', () => {
    expect(targetSentence({ year: 2020, level4Pct: 30, basis: 'all', note: 'NQ 17', forYear: 2020 }, '2020-06-30', vi, 'vi')).toBe(
      'Chỉ tiêu năm 2020: ít nhất 30% thủ tục ở mức độ 4. Căn cứ: NQ 17.',
    );
    expect(targetSentence(null, '2019-06-30', vi, 'vi')).toBe('Chưa có chỉ tiêu tỷ lệ mức độ 4 cho năm 2019.');
    const all = (level4Pct: number) => ({ level4Pct, basis: 'all' as const });
    expect([targetText(all(27.5), vi, 'vi'), targetText(all(27.5), en, 'en'), targetText(all(30), vi, 'vi')]).toEqual(['27,5%', '27.5%', '30%']);
  });

  it('says when a target counts only the eligible procedures', () => {
    const eligible = { year: 2021, level4Pct: 100, basis: 'eligible' as const, note: null, forYear: 2022 };
    expect(targetSentence(eligible, '2022-03-31', vi, 'vi')).toBe(
      'Năm 2022 chưa có chỉ tiêu riêng; áp dụng chỉ tiêu năm 2021: ít nhất 100% thủ tục đủ điều kiện ở mức độ 4. ' +
        'Tỷ lệ tính trên số thủ tục đủ điều kiện cung cấp trực tuyến toàn trình; cơ quan chưa khai báo thủ tục đủ điều kiện thì chưa đánh giá được (—).',
    );
    expect(targetSentence(eligible, '2022-03-31', en, 'en')).toMatch(/^2022 has no target of its own; the 2021 target applies: at least 100% of eligible procedures at level 4\./);
    expect([targetText(eligible, vi, 'vi'), targetText(eligible, en, 'en')]).toEqual(['100% số đủ điều kiện', '100% of eligible']);
  });

  it('states changes with a sign, shares in percentage points as shown', () => {
    const f = reportFormatters(vi, 'vi');
    expect([f.signed(69), f.signed(-3), f.signed(0)]).toEqual(['+69', '−3', '0']);
    // 42,1% → 47,4% as shown is +5,3 points (the raw difference, 5,26…, would round the same way here).
    expect(f.points((8 / 19) * 100, (9 / 19) * 100)).toBe('+5,3 điểm %');
    expect(f.points(59.94, 59.66)).toBe('−0,2 điểm %');
    expect(f.points(null, 50)).toBe('—');
  });
});
