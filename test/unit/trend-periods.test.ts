import { trendPeriods } from '../../server/services/coverage-service';

describe('trendPeriods', () => {
  const dates = ['2020-03-31', '2020-05-15', '2020-09-30', '2027-01-01'];

  it('ends every quarter from the first import, the one under way at today', () => {
    const points = trendPeriods(dates, '2021-02-10', 'quarter');
    expect(points.map((p) => [p.key, p.date, p.partial])).toEqual([
      ['2020-Q1', '2020-03-31', false],
      ['2020-Q2', '2020-06-30', false],
      ['2020-Q3', '2020-09-30', false],
      ['2020-Q4', '2020-12-31', false],
      ['2021-Q1', '2021-02-10', true],
    ]);
  });

  it('has a point per import date up to today, with period=import', () => {
    expect(trendPeriods(dates, '2021-02-10', 'import').map((p) => p.date)).toEqual(['2020-03-31', '2020-05-15', '2020-09-30']);
  });

  it('has none without history', () => {
    expect(trendPeriods([], '2021-02-10', 'quarter')).toEqual([]);
    expect(trendPeriods(['2030-01-01'], '2021-02-10', 'quarter')).toEqual([]);
  });
});
