import fc from 'fast-check';
import { countOffering, emptyTally, type OfferingState } from '../../domain/coverage';
import { coverageRow, learnNames, level4Needed, meetsTarget, sortRows, type CoverageRow } from '../../server/services/coverage-rates';
import type { AppliedTarget } from '../../server/services/target-service';

const target30: AppliedTarget = { year: 2020, level4Pct: 30, basis: 'all', note: null, forYear: 2020 };

function tallyOf(states: [OfferingState, number][]) {
  const tally = emptyTally();
  for (const [state, n] of states) countOffering(tally, state, n);
  return tally;
}

describe('level4Needed', () => {
  it.each([
    // level4, total, target → needed
    [0, 10, 30, 3],
    [2, 10, 30, 1],
    [3, 10, 30, 0],
    [9, 10, 30, 0],
    [0, 1, 30, 1],
    [736, 2643, 30, 57], // 793 / 2643 = 30.003% — 792 would be 29.966%
    [1, 3, 33.33, 0], // 33.333…% ≥ 33.33%
    [0, 7, 100, 7],
    [0, 0, 30, 0],
    [5, 10, 0, 0],
  ])('%i of %i at level 4, target %d%% → %i more', (level4, total, pct, needed) => {
    expect(level4Needed(level4, total, pct)).toBe(needed);
    if (total > 0) {
      // The smallest such number: it reaches the target, one fewer does not.
      expect(meetsTarget(level4 + needed, total, pct)).toBe(true);
      if (needed > 0) expect(meetsTarget(level4 + needed - 1, total, pct)).toBe(false);
    }
  });

  it('compares exactly at the boundary, not through floating point', () => {
    // 0.1 × 3 is 0.30000000000000004 in floating point; 3 of 10 meets a 30% target exactly.
    expect(meetsTarget(3, 10, 30)).toBe(true);
    expect(meetsTarget(29, 100, 29.01)).toBe(false);
    expect(level4Needed(29, 100, 29.01)).toBe(1);
  });
});

describe('coverageRow', () => {
  const tally = tallyOf([
    [{ level: 4, portalIntegrated: 1, qd411: 1, eligible: 1 }, 2],
    [{ level: 3, portalIntegrated: 0, qd411: 1, eligible: 1 }, 1],
    [{ level: 2, portalIntegrated: null, qd411: null, eligible: 0 }, 3],
    [{ level: 1, portalIntegrated: 1, qd411: 0, eligible: null }, 4],
  ]);

  it('counts level 3 or more cumulatively, and every share over its own denominator', () => {
    expect(coverageRow(null, tally, target30)).toEqual({
      agency: null,
      total: 10,
      byLevel: { 1: 4, 2: 3, 3: 1, 4: 2 },
      // The National Portal's "chưa cung cấp DVCTT": levels 1 and 2.
      notOnline: 7,
      // 2 of 3 eligible toàn trình = 66,7%, under the 80% full-marks line: 66,67 / 80 × 100.
      indicator766: 83.3,
      change: null,
      level4: 2,
      level4Pct: 20,
      level3Plus: 3,
      level3PlusPct: 30,
      portalIntegrated: 6,
      portalIntegratedPct: 60,
      qd411Listed: 3,
      qd411Integrated: 2,
      qd411IntegratedPct: (2 / 3) * 100,
      eligible: 3,
      level4Eligible: 2,
      level4EligiblePct: (2 / 3) * 100,
      meetsTarget: false,
      level4Needed: 1,
    });
  });

  it('gives null, not 0%, where there is nothing to divide by', () => {
    const row = coverageRow(null, tallyOf([[{ level: 2, portalIntegrated: null, qd411: null, eligible: null }, 5]]), null);
    expect(row).toMatchObject({ level4Pct: 0, qd411IntegratedPct: null, level4EligiblePct: null, meetsTarget: null, level4Needed: null });
    expect(coverageRow(null, emptyTally(), target30)).toMatchObject({ total: 0, level4Pct: null, meetsTarget: null, level4Needed: null });
  });
});

describe('sortRows', () => {
  const row = (name: string, level4Pct: number | null, total: number): CoverageRow =>
    ({ agency: { id: 0, name, slug: '' }, level4Pct, total, byLevel: { 1: total, 2: 0, 3: 0, 4: 0 } }) as CoverageRow;
  const rows = [row('Sở Y tế', 10, 5), row('UBND xã Bình Châu', null, 0), row('Sở Công Thương', 50, 5), row('Ban Quản lý', 10, 7)];
  const names = (list: CoverageRow[]) => list.map((r) => r.agency!.name);

  it('sorts figures either way, ties by name, empty values last', () => {
    expect(names(sortRows(rows, 'level4Pct', 'desc'))).toEqual(['Sở Công Thương', 'Ban Quản lý', 'Sở Y tế', 'UBND xã Bình Châu']);
    expect(names(sortRows(rows, 'level4Pct', 'asc'))).toEqual(['Ban Quản lý', 'Sở Y tế', 'Sở Công Thương', 'UBND xã Bình Châu']);
    expect(names(sortRows(rows, 'level1', 'desc'))).toEqual(['Ban Quản lý', 'Sở Công Thương', 'Sở Y tế', 'UBND xã Bình Châu']);
  });

  it('sorts names in Vietnamese order', () => {
    expect(names(sortRows(rows, 'agency', 'asc'))).toEqual(['Ban Quản lý', 'Sở Công Thương', 'Sở Y tế', 'UBND xã Bình Châu']);
    expect(names(sortRows(rows, 'agency', 'desc'))).toEqual(['UBND xã Bình Châu', 'Sở Y tế', 'Sở Công Thương', 'Ban Quản lý']);
  });

  // Names are ranked once and kept between sorts: new names, names equal but for case, numbers in names.
  const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
  const word = fc.constantFrom('Sở', 'sở', 'UBND', 'xã', 'Xã', 'phường', 'Đức', 'Dục', 'Ân', 'An', 'Ăn', 'Ưu', 'Uu', '2', '10', 'số 9', 'Số 10');
  const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
  const share = fc.option(fc.constantFrom(0, 10, 33.33, 50, 100), { nil: null });
  const reference = (list: CoverageRow[], key: 'agency' | 'level4Pct', direction: 'asc' | 'desc') => {
    const sign = direction === 'asc' ? 1 : -1;
    const byName = (a: CoverageRow, b: CoverageRow) => collator.compare(a.agency!.name, b.agency!.name);
    return [...list].sort((a, b) => {
      if (key === 'agency') return sign * byName(a, b);
      const x = a.level4Pct;
      const y = b.level4Pct;
      if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
      return x !== y ? sign * (x - y) : byName(a, b);
    });
  };

  it('orders as comparing the names with the collator at every step would, whatever names came before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, share), { maxLength: 25 }), fc.constantFrom('agency' as const, 'level4Pct' as const), fc.constantFrom('asc' as const, 'desc' as const), (made, key, direction) => {
        const list = made.map(([n, pct]) => row(n, pct, 5));
        expect(sortRows(list, key, direction)).toEqual(reference(list, key, direction));
      }),
    );
  });

  it('orders the same when the names were learnt first, in turns (a merge of sorted runs)', async () => {
    // Hundreds of new names at a time, so that the runs of 256 are merged; numbers make them new each time.
    const many = fc.array(fc.tuple(name, fc.integer({ min: 0, max: 5000 }), share), { minLength: 200, maxLength: 700 });
    await fc.assert(
      fc.asyncProperty(many, fc.constantFrom('agency' as const, 'level4Pct' as const), async (made, key) => {
        const list = made.map(([n, k, pct]) => row(`${n} ${k}`, pct, 5));
        await learnNames(list.map((r) => r.agency!.name));
        expect(sortRows(list, key, 'asc')).toEqual(reference(list, key, 'asc'));
      }),
      { numRuns: 20 },
    );
  });
});

describe('a target on the eligible basis (from 2021)', () => {
  const all100: AppliedTarget = { year: 2021, level4Pct: 100, basis: 'all', note: null, forYear: 2021 };
  const eligible100: AppliedTarget = { ...all100, basis: 'eligible' };
  // 3 eligible offerings, all at level 4; 2 not eligible at level 2; 1 not stated at level 3.
  const tally = tallyOf([
    [{ level: 4, portalIntegrated: 1, qd411: null, eligible: 1 }, 3],
    [{ level: 2, portalIntegrated: 0, qd411: null, eligible: 0 }, 2],
    [{ level: 3, portalIntegrated: 0, qd411: null, eligible: null }, 1],
  ]);

  it('is judged on the eligible offerings only', () => {
    expect(coverageRow(null, tally, eligible100)).toMatchObject({ level4EligiblePct: 100, meetsTarget: true, level4Needed: 0 });
    // The same figure over every offering is far from met: 3 of 6.
    expect(coverageRow(null, tally, all100)).toMatchObject({ level4Pct: 50, meetsTarget: false, level4Needed: 3 });
  });

  it('counts what is still needed among the eligible ones', () => {
    const short = tallyOf([
      [{ level: 4, portalIntegrated: 1, qd411: null, eligible: 1 }, 1],
      [{ level: 3, portalIntegrated: 0, qd411: null, eligible: 1 }, 3],
      [{ level: 1, portalIntegrated: 0, qd411: null, eligible: 0 }, 10],
    ]);
    expect(coverageRow(null, short, { ...eligible100, level4Pct: 50 })).toMatchObject({ meetsTarget: false, level4Needed: 1 });
  });

  it('cannot judge an agency that has declared no eligible offering', () => {
    const undeclared = tallyOf([[{ level: 4, portalIntegrated: 1, qd411: null, eligible: null }, 5]]);
    expect(coverageRow(null, undeclared, eligible100)).toMatchObject({ meetsTarget: null, level4Needed: null });
  });
});

