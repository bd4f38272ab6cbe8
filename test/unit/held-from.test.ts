/**
 * The date a listed change is given from (domain/quarter-changes.ts heldFrom): the first snapshot from which the
 * condition has held without a break up to the last, or none when the last does not hold it. Worked by hand.
 */
import { heldFrom } from '../../domain/quarter-changes';

type S = { level: 1 | 2 | 3 | 4; portalIntegrated: 0 | 1 | null; status: 'current' | 'withdrawn' };
const at = (...levels: (1 | 2 | 3 | 4)[]): S[] => levels.map((level) => ({ level, portalIntegrated: null, status: 'current' }));
const level4 = (s: S) => s.level === 4;

describe('heldFrom', () => {
  it('gives the first snapshot of the unbroken run that reaches the last', () => {
    const states = at(2, 4, 3, 4, 4);
    expect(heldFrom((i) => states[i], 0, 4, level4)).toBe(3);
  });

  it('gives -1 when the last snapshot does not hold it', () => {
    const states = at(4, 4, 2);
    expect(heldFrom((i) => states[i], 0, 2, level4)).toBe(-1);
  });

  it('reads only first…last', () => {
    const states = at(4, 2, 4, 4, 1);
    expect(heldFrom((i) => states[i], 2, 3, level4)).toBe(2);
    expect(heldFrom((i) => states[i], 0, 0, level4)).toBe(0);
    expect(heldFrom((i) => states[i], 3, 2, level4)).toBe(-1);
  });
});
