import fc from 'fast-check';
import { readDate } from '../../domain/time';
import { formatDate } from '../../server/format';

/** Every real date from 1900 to 2199, as YYYY-MM-DD. */
const isoDates = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('readDate: dates typed in Vietnamese order', () => {
  it('reads back every date it is shown as (dd/mm/yyyy), and the YYYY-MM-DD of old links', () => {
    fc.assert(
      fc.property(isoDates, (iso) => {
        expect(readDate(formatDate(iso))).toBe(iso);
        expect(readDate(iso)).toBe(iso);
      }),
    );
  });

  it('reads the day first whatever the separator and without leading zeros', () => {
    fc.assert(
      fc.property(isoDates, fc.constantFrom('/', '-', '.'), fc.boolean(), (iso, sep, pad) => {
        const [y, m, d] = iso.split('-');
        const part = (x: string) => (pad ? x : String(Number(x)));
        expect(readDate(` ${part(d)}${sep}${part(m)}${sep}${y} `)).toBe(iso);
      }),
    );
  });

  it('refuses a day past the end of its month, and months past 12', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        expect(readDate(`${last + 1}/${month}/${year}`)).toBeNull();
        expect(readDate(`${last}/${month}/${year}`)).not.toBeNull();
      }),
    );
    for (const bad of ['31/02/2026', '29/02/2019', '2026-13-01', '2026-02-30', '13/13/2020', '00/01/2020', '1/1/20', '30/06/2020x', '', 'hôm nay']) {
      expect(readDate(bad)).toBeNull();
    }
    expect(readDate('29/02/2020')).toBe('2020-02-29');
  });
});
