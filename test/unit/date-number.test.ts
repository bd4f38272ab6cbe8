import fc from 'fast-check';
import { dateNumber, dateOfNumber } from '../../domain/time';

describe('dateNumber: a date as the number the catalogue index keeps', () => {
  it('is YYYYMMDD, orders as the dates do, and dateOfNumber gives the date back', () => {
    const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(dateNumber(a)).toBe(Number(a.replace(/-/g, '')));
        expect(Math.sign(dateNumber(a) - dateNumber(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(dateOfNumber(dateNumber(a))).toBe(a);
      }),
    );
  });

  it('is not a number for text that is not a date', () => {
    for (const text of ['', '2026-1-01', '2026/11/01', '2026-11-0x', ' 2026-11-01', '２０２６-11-01']) expect(dateNumber(text)).toBeNaN();
  });
});
