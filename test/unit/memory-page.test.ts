import { memoryPage } from '../../server/pagination';

describe('memoryPage', () => {
  const list = Array.from({ length: 250 }, (_, i) => i + 1);

  it('gives the page asked for, each list its part, and which items those are', () => {
    const p = memoryPage(2, list.length, 100);
    expect({ page: p.page, pageCount: p.pageCount }).toEqual({ page: 2, pageCount: 3 });
    expect(p.of(list)).toEqual(list.slice(100, 200));
    expect(p.range(list)).toEqual({ from: 101, to: 200, total: 250 });
  });

  it('gives the last page past the end, and the first for a page below one', () => {
    expect(memoryPage(9, list.length, 100).of(list)).toEqual(list.slice(200));
    expect(memoryPage(9, list.length, 100).range(list)).toEqual({ from: 201, to: 250, total: 250 });
    expect(memoryPage(0, list.length, 100).page).toBe(1);
  });

  it('pages a shorter list beside the longest one without counting past its end', () => {
    const p = memoryPage(3, list.length, 100);
    const shorter = list.slice(0, 150);
    expect(p.of(shorter)).toEqual([]);
    expect(p.range(shorter)).toEqual({ from: 150, to: 150, total: 150 });
  });

  it('has one page for an empty list', () => {
    const p = memoryPage(1, 0, 100);
    expect({ page: p.page, pageCount: p.pageCount, items: p.of([]) }).toEqual({ page: 1, pageCount: 1, items: [] });
  });
});
