import { barChart, lineChart, pct, shortLabel } from '../../server/charts';

describe('pct', () => {
  it('writes an SVG percentage with a dot, clamped to 0–100', () => {
    expect([pct(27.777), pct(0), pct(100), pct(-3), pct(140), pct(1 / 3)]).toEqual(['27.78%', '0%', '100%', '0%', '100%', '0.33%']);
  });
});

describe('barChart', () => {
  const chart = barChart(
    [
      { label: 'Toàn tỉnh', value: 36.84, valueText: '36,8%', kind: 'total' },
      { label: 'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi', value: 16.67, valueText: '16,7%', kind: 'below' },
    ],
    { value: 30, label: 'Chỉ tiêu 30%' },
  );

  it('stacks each label above its bar, the bar as wide as the share', () => {
    expect(chart.rows.map((r) => [r.textY, r.barY, r.width, r.kind])).toEqual([
      [37, 42, '36.84%', 'total'],
      [71, 76, '16.67%', 'below'],
    ]);
    expect(chart.height).toBe(24 + 2 * 34 + 22);
  });

  it('cuts long labels for small screens, keeping the full name for the tooltip', () => {
    expect(chart.rows[1].label).toBe('Ban Quản lý Khu kinh tế Dung Quất và…');
    expect(chart.rows[1].label.length).toBeLessThanOrEqual(38);
    expect(chart.rows[1].fullLabel).toMatch(/Quảng Ngãi$/);
    expect(shortLabel('Sở Y tế')).toBe('Sở Y tế');
  });

  it('places the target and keeps its label on the chart at the edges', () => {
    expect(chart.target).toMatchObject({ x: '30%', anchor: 'middle', label: 'Chỉ tiêu 30%' });
    expect(barChart([], { value: 100, label: '' }).target?.anchor).toBe('end');
    expect(barChart([], { value: 0, label: '' }).target?.anchor).toBe('start');
    expect(barChart([], null).target).toBeNull();
  });
});

describe('lineChart', () => {
  const labels = Array.from({ length: 28 }, (_, i) => `Q${(i % 4) + 1}/${2020 + Math.floor(i / 4)}`);

  it('spreads the points over the width and maps 0–100% to the plot height', () => {
    const chart = lineChart(labels.slice(0, 3), [{ label: 'L4', cls: 'series-l4', values: [0, 50, 100], titles: ['a', 'b', 'c'] }]);
    expect(chart.series[0].points).toEqual([
      { x: '10%', y: 236, title: 'a' },
      { x: '53.5%', y: 126, title: 'b' },
      { x: '97%', y: 16, title: 'c' },
    ]);
    expect(chart.series[0].segments).toHaveLength(2);
  });

  it('leaves gaps where there is no value', () => {
    const chart = lineChart(labels.slice(0, 4), [{ label: 'A', cls: 'a', values: [null, 20, null, 40], titles: ['', '', '', ''] }]);
    expect(chart.series[0].points.map((p) => p.x)).toEqual(['39%', '97%']);
    expect(chart.series[0].segments).toEqual([]);
  });

  it('labels at most five periods, always the first and the last, none crowding the last', () => {
    const chart = lineChart(labels, []);
    expect(chart.xLabels.map((l) => l.label)).toEqual(['Q1/2020', 'Q4/2021', 'Q3/2023', 'Q4/2026']);
    expect(chart.xLabels[0]).toMatchObject({ label: 'Q1/2020', anchor: 'start' });
    expect(chart.xLabels[chart.xLabels.length - 1]).toMatchObject({ label: 'Q4/2026', anchor: 'end' });
  });

  it('centres a single point', () => {
    const chart = lineChart(['Q2/2020'], [{ label: 'A', cls: 'a', values: [10], titles: ['t'] }]);
    expect(chart.series[0].points[0].x).toBe('53.5%');
    expect(chart.xLabels).toEqual([{ x: '53.5%', label: 'Q2/2020', anchor: 'middle' }]);
  });
});
