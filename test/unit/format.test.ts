import { fill, formatDate, formatNumber, formatPercent, share, formatTime } from '../../server/format';

describe('formatNumber', () => {
  it.each([
    [1234, 'vi', '1.234'],
    [1234, 'en', '1,234'],
    [1234567, 'vi', '1.234.567'],
    [0, 'vi', '0'],
    [999, 'vi', '999'],
  ] as const)('%d in %s → %j', (value, locale, text) => {
    expect(formatNumber(value, locale)).toBe(text);
  });

  it('is Vietnamese by default', () => {
    expect(formatNumber(1234)).toBe('1.234');
  });
});

describe('formatPercent', () => {
  it.each([
    [27.8, '27,8%'],
    [0, '0,0%'],
    [100, '100,0%'],
    [33.333, '33,3%'],
    [null, '—'],
  ])('%p → %j', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it('uses a decimal point in English', () => {
    expect(formatPercent(27.8, 'en')).toBe('27.8%');
    expect(formatPercent(null, 'en')).toBe('—');
  });
});

describe('formatDate', () => {
  it.each([
    ['2026-11-22', '22/11/2026'],
    ['2026-01-05', '05/01/2026'],
    ['2026-11-22T03:00:00.000Z', '22/11/2026'],
    ['2026-11-22T16:59:59.000Z', '22/11/2026'],
    ['2026-11-22T17:00:00.000Z', '23/11/2026'],
    ['2026-12-31T18:30:00Z', '01/01/2027'],
    ['2026-11-22T00:30:00+07:00', '22/11/2026'],
  ])('%j → %j', (value, text) => {
    expect(formatDate(value)).toBe(text);
  });
});

describe('share', () => {
  it.each([
    [1, 4, 25],
    [0, 5, 0],
    [5, 5, 100],
  ])('%d of %d is %d', (part, whole, value) => {
    expect(share(part, whole)).toBe(value);
  });

  it('is null when there is nothing to divide by', () => {
    expect(share(1, 0)).toBeNull();
    expect(share(0, 0)).toBeNull();
  });

  it('reads as an em dash when formatted', () => {
    expect(formatPercent(share(1, 0))).toBe('—');
    expect(formatPercent(share(5, 18))).toBe('27,8%');
  });
});

describe('fill', () => {
  it('fills %name% placeholders', () => {
    expect(fill('ngày %date% từ tệp %file%', { date: '22/11/2026', file: 'danh-muc.csv' })).toBe('ngày 22/11/2026 từ tệp danh-muc.csv');
  });

  it.each(['$&', "$'", '$`', '$1', '$$', '$<name>'])('inserts a value containing %j literally', (value) => {
    expect(fill('tệp %file%.', { file: `a${value}b` })).toBe(`tệp a${value}b.`);
  });

  it('leaves unknown placeholders as they are', () => {
    expect(fill('%known% %unknown%', { known: 'x' })).toBe('x %unknown%');
  });

  it('fills the same placeholder everywhere it appears', () => {
    expect(fill('%a%-%a%', { a: '1' })).toBe('1-1');
  });
});

describe('formatTime', () => {
  it('reads a timestamp in Vietnam time (UTC+7), across midnight too', () => {
    expect(formatTime('2026-11-22T03:05:09.000Z')).toBe('10:05');
    expect(formatTime('2026-11-22T03:05:09.000Z', true)).toBe('10:05:09');
    expect(formatTime('2026-11-22T18:30:00.000Z')).toBe('01:30');
    expect(formatDate('2026-11-22T18:30:00.000Z')).toBe('23/11/2026');
  });
});
