import { barChart, pct, shortLabel } from '../../server/charts';

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
