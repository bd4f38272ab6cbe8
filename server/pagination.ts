/**
 * Paged lists, the same everywhere (the catalogue, the coverage dashboard, the import preview's changes, the
 * list of imports, the audit log): which page a request asks for, how many pages there are, and the numbered
 * links.
 */
export type PageLink = { number: number; href: string; current: boolean } | null;

/** The page a `page` query parameter asks for: 1 when it is missing or not a page number. */
export function requestedPage(value: unknown): number {
  return typeof value === 'string' && /^\d{1,7}$/.test(value) ? Math.max(1, Number(value)) : 1;
}

/** How many pages `total` items fill: at least one, so that an empty list still has a page to show. */
export function pageCountOf(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * A page of lists held whole in memory (the coverage pages' agencies): the page asked for, or the last one past
 * the end; each list's part on it, and which of its items those are (1-based, "Cơ quan 101–200 trong 7.646").
 */
export function memoryPage(requested: number, longest: number, perPage: number) {
  const pageCount = pageCountOf(longest, perPage);
  const page = Math.min(Math.max(1, requested), pageCount);
  const start = (page - 1) * perPage;
  return {
    page,
    pageCount,
    of: <T>(list: readonly T[]): T[] => list.slice(start, start + perPage),
    range: (list: readonly unknown[]) => ({ from: Math.min(list.length, start + 1), to: Math.min(list.length, start + perPage), total: list.length }),
  };
}

/**
 * Reads one page of a list whose reader also counts it. Past the end (a stale link), the last page is read
 * instead: a table, not an empty page.
 */
export async function readPage<T extends { total: number }>(
  requested: number,
  perPage: number,
  read: (limit: number, offset: number) => Promise<T>,
): Promise<{ page: number; pageCount: number; result: T }> {
  let page = requested;
  let result = await read(perPage, (page - 1) * perPage);
  const pageCount = pageCountOf(result.total, perPage);
  if (page > pageCount) {
    page = pageCount;
    result = await read(perPage, (page - 1) * perPage);
  }
  return { page, pageCount, result };
}

/** The numbered links of a paged list (null for a gap); none when everything fits on one page. */
export function pageLinks(current: number, count: number, href: (page: number) => string): PageLink[] {
  if (count <= 1) return [];
  const page = Math.min(Math.max(1, current), count);
  return pageNumbers(page, count).map((n) => (n === null ? null : { number: n, href: href(n), current: n === page }));
}

/** Page numbers to show: the first, the last, and two either side of the current one, with gaps as null. */
export function pageNumbers(current: number, count: number): (number | null)[] {
  const wanted = new Set([1, count, current - 2, current - 1, current, current + 1, current + 2].filter((n) => n >= 1 && n <= count));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}
