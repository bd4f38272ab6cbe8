/**
 * Long loops give the event loop a turn by the clock (db/turns.ts timeSlices): not before their slice of time
 * has passed, always after it, and the slice counts again from the moment the loop resumed.
 */
import { timeSlices } from '../../db/turns';

const busyFor = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('timeSlices', () => {
  it('goes straight on while its slice lasts', () => {
    const slice = timeSlices(60_000);
    for (let i = 0; i < 1000; i++) expect(slice()).toBeUndefined();
  });

  it('yields a turn once its slice has passed, after timers and I/O waiting', async () => {
    const slice = timeSlices(5);
    busyFor(10);
    const order: string[] = [];
    setImmediate(() => order.push('other'));
    const turn = slice();
    expect(turn).toBeInstanceOf(Promise);
    await turn;
    order.push('loop');
    expect(order).toEqual(['other', 'loop']);
  });

  it('counts the slice again from the turn it resumed in', async () => {
    const slice = timeSlices(30);
    busyFor(35);
    await slice();
    expect(slice()).toBeUndefined();
  });
});
