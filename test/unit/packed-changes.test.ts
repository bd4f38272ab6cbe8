/**
 * The report's lists of changes cross from the reader thread packed as numbers: every snapshot must come
 * back as it went, whatever its flags (not said included), status and dates, and any stretch of a list alone.
 */
import fc from 'fast-check';
import type { HistorySnapshot } from '../../domain/coverage';
import { packChanges, packedChangeCount, unpackChanges, type OfferingStateChange } from '../../domain/quarter-changes';

const flag = fc.constantFrom<0 | 1 | null>(0, 1, null);
const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const ids = fc.record({ offeringId: fc.integer({ min: 1, max: 2 ** 31 - 1 }), agencyId: fc.integer({ min: 1, max: 2 ** 31 - 1 }), procedureId: fc.integer({ min: 1, max: 2 ** 31 - 1 }) });
const state = fc.record({
  effectiveDate: date,
  level: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
  portalIntegrated: flag,
  qd411: flag,
  eligible: flag,
  status: fc.constantFrom<HistorySnapshot['status']>('current', 'withdrawn'),
});
const change: fc.Arbitrary<OfferingStateChange> = fc.tuple(ids, state, state, date).map(([id, before, after, since]) => ({ before: { ...id, ...before }, after: { ...id, ...after }, date: since }));

describe('packed lists of changes', () => {
  it('unpack to the changes packed, in their order', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const packed = packChanges(changes);
        expect(packedChangeCount(packed)).toBe(changes.length);
        expect(unpackChanges(packed)).toEqual(changes);
      }),
    );
  });

  it('unpack any stretch alone, clipped to the list', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.integer({ min: -3, max: 35 }), fc.integer({ min: 0, max: 40 }), (changes, from, to) => {
        expect(unpackChanges(packChanges(changes), from, to)).toEqual(changes.slice(Math.max(0, from), Math.max(0, to)));
      }),
    );
  });
});
