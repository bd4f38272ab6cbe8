import {
  compareQuarters,
  dayBefore,
  nextQuarter,
  parseQuarter,
  quarterEnd,
  quarterOf,
  quarterParam,
  quarterStart,
  quartersBetween,
} from '../../domain/quarters';

describe('quarters', () => {
  it.each([
    ['2020-Q2', { year: 2020, q: 2 }],
    ['2020-q4', { year: 2020, q: 4 }],
    [' 2021-Q1 ', { year: 2021, q: 1 }],
    ['2020-Q5', null],
    ['2020-Q0', null],
    ['2020Q2', null],
    ['20-Q2', null],
    ['Q2-2020', null],
    ['', null],
  ])('parses %j → %j', (text, quarter) => {
    expect(parseQuarter(text)).toEqual(quarter);
  });

  it('knows the first and last day of each quarter, leap years included', () => {
    expect([1, 2, 3, 4].map((q) => [quarterStart({ year: 2020, q: q as 1 }), quarterEnd({ year: 2020, q: q as 1 })])).toEqual([
      ['2020-01-01', '2020-03-31'],
      ['2020-04-01', '2020-06-30'],
      ['2020-07-01', '2020-09-30'],
      ['2020-10-01', '2020-12-31'],
    ]);
  });

  it.each([
    ['2020-01-01', '2020-Q1'],
    ['2020-03-31', '2020-Q1'],
    ['2020-04-01', '2020-Q2'],
    ['2020-12-31', '2020-Q4'],
  ])('puts %s in %s', (date, quarter) => {
    expect(quarterParam(quarterOf(date))).toBe(quarter);
  });

  it('steps across years', () => {
    expect(nextQuarter({ year: 2020, q: 4 })).toEqual({ year: 2021, q: 1 });
    expect(quartersBetween({ year: 2020, q: 3 }, { year: 2021, q: 2 }).map(quarterParam)).toEqual(['2020-Q3', '2020-Q4', '2021-Q1', '2021-Q2']);
    expect(quartersBetween({ year: 2021, q: 1 }, { year: 2020, q: 4 })).toEqual([]);
    expect(compareQuarters({ year: 2020, q: 4 }, { year: 2021, q: 1 })).toBeLessThan(0);
  });

  it('finds the day before, across months and years', () => {
    expect(dayBefore('2020-04-01')).toBe('2020-03-31');
    expect(dayBefore('2020-03-01')).toBe('2020-02-29');
    expect(dayBefore('2021-01-01')).toBe('2020-12-31');
  });
});
