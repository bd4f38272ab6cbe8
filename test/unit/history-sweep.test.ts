import { sweepHistory, tallyHistory, tallyHistoryByAgency, type HistorySnapshot } from '../support/history-sweep';

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
  // Offerings 1 and 11 carry the same procedure, at two agencies.
  procedureId: offeringId % 10,
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

describe('tallyHistory', () => {
  it('counts the province once per procedure, at the best level any agency provides it', async () => {
    const [q2, q4] = await tallyHistory(from(history), ['2020-06-30', '2020-12-31']);
    // 30/6: procedure 1 (level 3 at agency 1) and procedure 2 (level 4, integrated): two procedures.
    expect(q2.province).toMatchObject({ total: 2, byLevel: { 1: 0, 2: 0, 3: 1, 4: 1 }, portalIntegrated: 1 });
    // 31/12: procedure 2 withdrawn; procedure 1 is level 3 at agency 1 and level 4 at agency 2: once, at level 4.
    expect(q4.province).toMatchObject({ total: 1, byLevel: { 1: 0, 2: 0, 3: 0, 4: 1 }, portalIntegrated: 0 });
    // The agencies still count their own offerings: two in all.
    expect([...q4.byAgency.values()].reduce((n, t) => n + t.total, 0)).toBe(2);
  });
});
