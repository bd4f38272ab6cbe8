import { sweepHistory, tallyHistoryByAgency, type HistorySnapshot } from '../../server/services/history-sweep';

/** The rows in two batches, split between offerings as the repository does. */
async function* from(rows: HistorySnapshot[]): AsyncGenerator<HistorySnapshot[]> {
  const cut = rows.findIndex((r) => r.offeringId >= 10);
  yield rows.slice(0, cut);
  yield [];
  yield rows.slice(cut);
}

const snap = (offeringId: number, effectiveDate: string, level: 1 | 2 | 3 | 4, extra: Partial<HistorySnapshot> = {}): HistorySnapshot => ({
  offeringId,
  agencyId: offeringId < 10 ? 1 : 2,
  effectiveDate,
  level,
  portalIntegrated: null,
  qd411: null,
  eligible: null,
  status: 'current',
  ...extra,
});

const history = [
  snap(1, '2020-03-31', 2),
  snap(1, '2020-06-30', 4),
  snap(1, '2020-06-30', 3), // same date, recorded later: this one wins
  snap(2, '2020-05-15', 4, { portalIntegrated: 1 }),
  snap(2, '2020-08-01', 4, { status: 'withdrawn' }),
  snap(11, '2020-09-30', 4),
];

describe('sweepHistory', () => {
  it('gives each offering its latest snapshot on or before each date, ties by recording order', async () => {
    const seen: Record<number, (string | undefined)[]> = {};
    await sweepHistory(from(history), ['2020-01-01', '2020-03-31', '2020-06-30', '2020-12-31'], ({ offeringId, states }) => {
      seen[offeringId] = states.map((s) => s && `${s.level}${s.status === 'withdrawn' ? 'w' : ''}`);
    });
    expect(seen).toEqual({
      1: [undefined, '2', '3', '3'],
      2: [undefined, undefined, '4', '4w'],
      11: [undefined, undefined, undefined, '4'],
    });
  });

  it('refuses dates out of order', async () => {
    await expect(sweepHistory(from(history), ['2020-06-30', '2020-01-01'], () => undefined)).rejects.toThrow(/ascending/);
  });
});

describe('tallyHistoryByAgency', () => {
  it('counts only offerings that existed and were current on each date', async () => {
    const [q2, q4] = await tallyHistoryByAgency(from(history), ['2020-06-30', '2020-12-31']);
    expect(q2.get(1)).toMatchObject({ total: 2, byLevel: { 1: 0, 2: 0, 3: 1, 4: 1 }, portalIntegrated: 1 });
    expect(q2.has(2)).toBe(false);
    expect(q4.get(1)).toMatchObject({ total: 1, byLevel: { 1: 0, 2: 0, 3: 1, 4: 0 }, portalIntegrated: 0 });
    expect(q4.get(2)).toMatchObject({ total: 1, byLevel: { 4: 1 } });
  });
});
