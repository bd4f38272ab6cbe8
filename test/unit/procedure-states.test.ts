import fc from 'fast-check';
import { countOffering, emptyTally, ProcedureStates, STATE_CODES, StateCounts, stateCode, type CoverageTally, type OfferingState } from '../../domain/coverage';

const flag = fc.constantFrom<0 | 1 | null>(0, 1, null);
const offering = fc.record({
  procedureId: fc.integer({ min: 1, max: 3000 }),
  state: fc.record({ level: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4), portalIntegrated: flag, qd411: flag, eligible: flag }),
});

describe('ProcedureStates: the province counted once per procedure', () => {
  it('agrees with counting each procedure by hand: best level, flags when any offering has them', () => {
    fc.assert(
      fc.property(fc.array(offering, { maxLength: 300 }), (offerings) => {
        const states = new ProcedureStates();
        for (const o of offerings) states.add(o.procedureId, o.state);
        const tally = states.tally();
        const byProcedure = new Map<number, OfferingState[]>();
        for (const o of offerings) byProcedure.set(o.procedureId, [...(byProcedure.get(o.procedureId) ?? []), o.state]);
        const all = [...byProcedure.values()];
        const count = (test: (list: OfferingState[]) => boolean) => all.filter(test).length;
        const best = (list: OfferingState[]) => Math.max(...list.map((s) => s.level));
        expect(tally.total).toBe(byProcedure.size);
        for (const level of [1, 2, 3, 4] as const) expect(tally.byLevel[level]).toBe(count((l) => best(l) === level));
        expect(tally.portalIntegrated).toBe(count((l) => l.some((s) => s.portalIntegrated === 1)));
        expect(tally.qd411Listed).toBe(count((l) => l.some((s) => s.qd411 === 1)));
        expect(tally.qd411Integrated).toBe(count((l) => l.some((s) => s.qd411 === 1 && s.portalIntegrated === 1)));
        expect(tally.eligible).toBe(count((l) => l.some((s) => s.eligible === 1)));
        expect(tally.eligibleLevel4).toBe(count((l) => l.some((s) => s.eligible === 1 && s.level === 4)));
        expect(tally.byLevel[1] + tally.byLevel[2] + tally.byLevel[3] + tally.byLevel[4]).toBe(tally.total);
      }),
    );
  });

  it('counts a procedure toàn trình when one agency provides it so, whatever the others do', () => {
    const states = new ProcedureStates();
    states.add(7, { level: 3, portalIntegrated: 0, qd411: null, eligible: 1 });
    states.add(7, { level: 4, portalIntegrated: 1, qd411: null, eligible: 0 });
    states.add(7, { level: 1, portalIntegrated: null, qd411: null, eligible: null });
    expect(states.tally()).toMatchObject({ total: 1, byLevel: { 1: 0, 2: 0, 3: 0, 4: 1 }, portalIntegrated: 1, eligible: 1, eligibleLevel4: 0 });
  });
});

describe('StateCounts: offerings counted by state, then tallied', () => {
  it('gives the tallies that counting each offering one by one gives', () => {
    const counted = fc.record({ agency: fc.integer({ min: 0, max: 5 }), procedureId: fc.integer({ min: 1, max: 40 }), state: offering.map((o) => o.state) });
    fc.assert(
      fc.property(fc.array(counted, { maxLength: 200 }), (offerings) => {
        const agencyIds = [11, 12, 13, 14, 15, 16];
        const counts = new StateCounts(agencyIds.length);
        const byAgency = new Map<number, CoverageTally>();
        const procedures = new ProcedureStates();
        for (const o of offerings) {
          const { level, portalIntegrated, qd411, eligible } = o.state;
          counts.add(o.agency, o.procedureId, stateCode(level, portalIntegrated, qd411, eligible));
          const id = agencyIds[o.agency];
          if (!byAgency.has(id)) byAgency.set(id, emptyTally());
          countOffering(byAgency.get(id)!, o.state);
          procedures.add(o.procedureId, o.state);
        }
        const { byAgency: tallied, province } = counts.count(agencyIds);
        expect(new Map([...tallied].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...byAgency].sort((a, b) => a[0] - b[0])));
        expect(province).toEqual(procedures.tally());
      }),
    );
  });

  it('numbers every state it counts differently apart, below STATE_CODES', () => {
    const codes = new Set<number>();
    for (const level of [1, 2, 3, 4]) for (const p of [0, 1]) for (const q of [0, 1]) for (const e of [0, 1]) codes.add(stateCode(level, p, q, e));
    expect(codes.size).toBe(32);
    expect(Math.max(...codes)).toBeLessThan(STATE_CODES);
    // A flag not said counts as one that is 0.
    expect(stateCode(3, null, null, null)).toBe(stateCode(3, 0, 0, 0));
  });
});
