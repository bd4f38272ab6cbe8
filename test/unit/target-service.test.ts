import { parseTargetPercent, parseTargetYear, targetForDate, validateTargetInput, type CoverageTarget } from '../../server/services/target-service';

const target = (year: number, level4Pct: number, note: string | null = null): CoverageTarget => ({
  year,
  level4Pct,
  basis: 'all',
  note,
  updatedAt: '2026-11-22T03:00:00.000Z',
  updatedBy: 'test',
});

describe('targetForDate', () => {
  const targets = [target(2020, 30, 'Nghị quyết 17/NQ-CP ngày 7/3/2019'), target(2022, 50)];

  it.each([
    ['2020-01-01', 2020, 30],
    ['2020-12-31', 2020, 30],
    ['2021-06-30', 2020, 30], // no 2021 target: the latest earlier year's
    ['2022-03-31', 2022, 50],
    ['2030-01-01', 2022, 50],
  ])('on %s uses the %i target (%i%)', (date, year, pct) => {
    expect(targetForDate(date, targets)).toEqual(expect.objectContaining({ year, level4Pct: pct, forYear: Number(date.slice(0, 4)) }));
  });

  it('has none before the first target year', () => {
    expect(targetForDate('2019-12-31', targets)).toBeNull();
    expect(targetForDate('2020-06-30', [])).toBeNull();
  });

  it('does not depend on the order of the list', () => {
    expect(targetForDate('2023-01-01', [...targets].reverse())?.year).toBe(2022);
  });
});

describe('parsing a target typed by a person', () => {
  it.each([
    ['30', 30],
    ['27.5', 27.5],
    ['27,5', 27.5],
    ['30%', 30],
    [' 12,25 % ', 12.25],
    ['0', 0],
    ['100', 100],
  ])('percent %j → %d', (text, value) => {
    expect(parseTargetPercent(text)).toBe(value);
  });

  it.each([
    ['101', 'percent'],
    ['-5', 'percent'],
    ['abc', 'percent'],
    ['', 'percent'],
    ['1e2', 'percent'],
    ['30.125', 'decimals'],
  ])('percent %j is refused (%s)', (text, problem) => {
    expect(parseTargetPercent(text)).toBe(problem);
  });

  it.each([
    ['2020', 2020],
    ['2100', 2100],
    ['1999', null],
    ['20', null],
    ['2020.5', null],
    ['năm 2020', null],
  ])('year %j → %j', (text, year) => {
    expect(parseTargetYear(text)).toBe(year);
  });

  it('reports every problem at once', () => {
    expect(validateTargetInput({ year: 'x', percent: '200', note: 'a'.repeat(301) })).toEqual({
      problems: ['year', 'percent', 'note-too-long'],
    });
    expect(validateTargetInput({ year: '2021', percent: '50', note: '  Kế hoạch  số 1 ' })).toEqual({
      year: 2021,
      level4Pct: 50,
      note: 'Kế hoạch số 1',
    });
  });
});
