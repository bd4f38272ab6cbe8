/**
 * The grouped list of the catalogue index (one row per procedure, issue #17 item 5) against a straightforward
 * reference computed from the rows: for random catalogues, filters, searches, places, sorts and pages
 * (fast-check), the same number of procedures, the same facet counts (procedures, not offerings), the same
 * page with the same agencies count, best level and National Portal flag, and the same serving offerings.
 * The offering-level selection it groups is itself tested against the SQL in
 * test/integration/catalogue-index.integration.test.ts.
 */
import fc from 'fast-check';
import { CatalogueIndex, type CatalogueColumns, type ProcedureGroup } from '../../db/catalogue-index';
import type { FacetDimension, SortKey } from '../../db/catalogue-list-repository';
import type { OfferingFilters } from '../../domain/filters';
import type { ServiceLevel } from '../../domain/levels';
import { procedureSearchText } from '../../domain/text';
import { TIERS, type Tier } from '../../domain/tiers';
import { FACET_DIMENSIONS, searchTerms } from '../../server/catalogue/catalogue-query';

type Filters = Omit<OfferingFilters, 'q'>;

const WORDS = ['đăng', 'ký', 'khai', 'sinh', 'kết', 'hôn', 'cấp', 'giấy', 'phép', 'xây', 'dựng', 'đất'];
const AGENCIES = ['Sở Tư pháp', 'Sở Xây dựng', 'UBND xã Bình Châu', 'UBND phường Trương Quang Trọng', 'Công an tỉnh', 'UBND xã Tịnh Kỳ'];
const FIELDS = ['Hộ tịch', 'Đất đai', 'Xây dựng'];

interface Row {
  id: number;
  procedure: number;
  agency: number;
  level: number;
  portal: number;
  qd411: number;
  eligible: number;
  current: number;
  tiers: Tier[];
}

interface Catalogue {
  procedures: { code: string; name: string; field: number | null }[];
  rows: Row[];
}

const catalogueArb: fc.Arbitrary<Catalogue> = fc
  .array(
    fc.record({
      name: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
      field: fc.option(fc.integer({ min: 0, max: FIELDS.length - 1 }), { nil: null }),
      offerings: fc.array(
        fc.record({
          agency: fc.integer({ min: 0, max: AGENCIES.length - 1 }),
          level: fc.integer({ min: 1, max: 4 }),
          portal: fc.integer({ min: 0, max: 2 }),
          qd411: fc.integer({ min: 0, max: 2 }),
          eligible: fc.integer({ min: 0, max: 2 }),
          current: fc.constantFrom(1, 1, 1, 0),
          tiers: fc.subarray([...TIERS], { maxLength: 2 }),
        }),
        { maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((list) => {
    const rows: Row[] = [];
    list.forEach((p, procedure) => {
      const seen = new Set<number>();
      for (const o of p.offerings) {
        // One offering per (procedure, agency), as the database has it.
        if (seen.has(o.agency)) continue;
        seen.add(o.agency);
        rows.push({ id: 0, procedure, ...o });
      }
    });
    // Offering ids in an order unrelated to the procedures'.
    rows.sort((a, b) => a.agency - b.agency || a.procedure - b.procedure).forEach((r, k) => (r.id = 10 + 3 * k));
    // Names made distinct (ties between equal names are left to the SQL test), codes in another order.
    return { procedures: list.map((p, i) => ({ code: `1.${String(100 + ((i * 37) % 97)).padStart(6, '0')}`, name: `${p.name} m${i}`, field: p.field })), rows };
  });

const slug = (a: number) => `co-quan-${a}`;

async function indexOf(c: Catalogue): Promise<CatalogueIndex> {
  const tierOffering: number[] = [];
  const tierNames = [...new Set(c.rows.flatMap((r) => r.tiers))];
  const tierCode: number[] = [];
  for (const r of c.rows) for (const t of r.tiers) (tierOffering.push(r.id), tierCode.push(tierNames.indexOf(t)));
  const columns: CatalogueColumns = {
    version: 1,
    content: 'x',
    agencies: AGENCIES.map((name, i) => ({ id: 100 + i, slug: slug(i), name })),
    fields: FIELDS.map((name, i) => ({ id: 200 + i, slug: `linh-vuc-${i}`, name })),
    procedures: c.procedures.map((p, i) => ({ id: 300 + i, code: p.code, name: p.name, fieldId: p.field === null ? null : 200 + p.field, searchText: procedureSearchText(p.code, p.name) })),
    offerings: {
      id: Int32Array.from(c.rows, (r) => r.id),
      procedureId: Int32Array.from(c.rows, (r) => 300 + r.procedure),
      agencyId: Int32Array.from(c.rows, (r) => 100 + r.agency),
      level: Uint8Array.from(c.rows, (r) => r.level),
      portal: Uint8Array.from(c.rows, (r) => r.portal),
      qd411: Uint8Array.from(c.rows, (r) => r.qd411),
      eligible: Uint8Array.from(c.rows, (r) => r.eligible),
      current: Uint8Array.from(c.rows, (r) => r.current),
      localCodeAt: new Int32Array(0),
      localCodes: [],
      tierOffering: Int32Array.from(tierOffering),
      tierCode: Uint16Array.from(tierCode),
      tierNames,
    },
    history: { offeringId: new Int32Array(0), date: new Int32Array(0), level: new Uint8Array(0), portal: new Uint8Array(0), qd411: new Uint8Array(0), eligible: new Uint8Array(0), current: new Uint8Array(0) },
  };
  return CatalogueIndex.build(columns);
}

function withoutDimension(filters: Filters, dimension: FacetDimension): Filters {
  switch (dimension) {
    case 'agency':
      return { ...filters, agencies: [] };
    case 'field':
      return { ...filters, fields: [] };
    case 'tier':
      return { ...filters, tiers: [] };
    case 'level':
      return { ...filters, levels: [] };
    case 'portal':
      return { ...filters, portal: null };
  }
}

/** The reference: which rows serve a place, written out from the rule. */
function servesPlace(c: Catalogue, place: number | null, status: Filters['status']): (r: Row) => boolean {
  if (place === null) return () => true;
  // The place's tier: the one most of its current offerings have (ties: the first in code-point order).
  const counts = new Map<string, number>();
  for (const r of c.rows) if (r.agency === place && r.current === 1) for (const t of r.tiers) counts.set(t, (counts.get(t) ?? 0) + 1);
  const tier = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const statusOk = (r: Row) => status === 'all' || (status === 'current') === (r.current === 1);
  const carried = new Set(c.rows.filter((r) => r.agency === place && statusOk(r)).map((r) => r.procedure));
  const local = tier === 'commune' || tier === 'district';
  return (r) => r.agency === place || (local && r.tiers.includes('province') && !carried.has(r.procedure));
}

/** Mostly no value, so that several offerings of a procedure pass together. */
const few = <T>(values: T[]) => fc.oneof(fc.constant<T[]>([]), fc.constant<T[]>([]), fc.subarray(values, { maxLength: 2 }));
const filtersArb = fc.record({
  agencies: few(AGENCIES.map((_, i) => slug(i))),
  fields: few(FIELDS.map((_, i) => `linh-vuc-${i}`)),
  tiers: few<Tier>([...TIERS]),
  levels: few<ServiceLevel>([1, 2, 3, 4]),
  portal: fc.constantFrom<boolean | null>(null, null, null, true, false),
  qd411: fc.constantFrom<boolean | null>(null, null, null, true, false),
  eligible: fc.constantFrom<boolean | null>(null, null, true),
  status: fc.constantFrom<Filters['status']>('current', 'current', 'withdrawn', 'all'),
});
const queryArb = fc.array(fc.constantFrom(...WORDS, 'dang', 'kh', '1.0001'), { maxLength: 2 }).map((w) => w.join(' '));
const placeArb = fc.option(fc.integer({ min: 0, max: AGENCIES.length - 1 }), { nil: null });

describe('the grouped list: one row per procedure', () => {
  it('counts procedures, and per facet value the procedures it would select, as the rows say', async () => {
    await fc.assert(
      fc.asyncProperty(catalogueArb, filtersArb, queryArb, placeArb, async (c, filters, q, place) => {
        const index = await indexOf(c);
        const search = searchTerms(q);
        const byId = new Map(c.rows.map((r) => [r.id, r]));
        const serves = servesPlace(c, place, filters.status);
        const rowsFor = (f: Filters) => index.matchingIds(f, search).map((id) => byId.get(id)!).filter(serves);
        const selected = rowsFor(filters);
        const counts = index.groupCounts(filters, search, place === null ? null : slug(place));
        expect(counts.total).toBe(new Set(selected.map((r) => r.procedure)).size);
        expect(counts.offerings).toBe(selected.length);
        // The offering list with a place selects the same offerings.
        expect(index.matchingIds(filters, search, place === null ? null : slug(place))).toEqual(selected.map((r) => r.id));
        expect(index.counts(filters, search, place === null ? null : slug(place)).total).toBe(selected.length);
        for (const d of FACET_DIMENSIONS) {
          const distinct = new Map<string, Set<number>>();
          for (const r of rowsFor(withoutDimension(filters, d))) {
            const field = c.procedures[r.procedure].field;
            const values =
              d === 'agency' ? [slug(r.agency)]
              : d === 'field' ? (field === null ? [] : [`linh-vuc-${field}`])
              : d === 'tier' ? r.tiers
              : d === 'level' ? [String(r.level)]
              : [r.portal === 1 ? 'yes' : 'no'];
            for (const v of values) distinct.set(v, (distinct.get(v) ?? new Set()).add(r.procedure));
          }
          const expected = [...distinct].map(([value, ps]) => [value, ps.size]).sort();
          expect([d, counts.facets[d].map((v) => [v.value, v.count]).sort()]).toEqual([d, expected]);
          if (d === 'agency' || d === 'field') {
            const shown = counts.facets[d].map((v) => v.count);
            expect(shown).toEqual([...shown].sort((a, b) => b - a));
          }
        }
      }),
      { numRuns: 200, seed: 1705 },
    );
  });

  it('gives each page of procedures in the sort, with agencies, best level, Portal and the offerings that serve the place', async () => {
    const sortArb = fc.record({ key: fc.constantFrom<SortKey>('relevance', 'name', 'code', 'agency', 'level'), descending: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(catalogueArb, filtersArb, queryArb, placeArb, sortArb, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 12 }), async (c, filters, q, place, sort, limit, offset) => {
        const index = await indexOf(c);
        const search = searchTerms(q);
        const byId = new Map(c.rows.map((r) => [r.id, r]));
        const serves = servesPlace(c, place, filters.status);
        const selected = index.matchingIds(filters, search).map((id) => byId.get(id)!).filter(serves);
        // The offering list's relevance order gives the procedures' order of rank (ties by name).
        const rankOrder = [...new Set(index.page(filters, search, { key: 'relevance', descending: false }, 10_000, 0).map((id) => byId.get(id)!.procedure))];
        const groups = new Map<number, Row[]>();
        for (const r of selected) groups.set(r.procedure, [...(groups.get(r.procedure) ?? []), r]);
        const name = (p: number) => c.procedures[p].name;
        const code = (p: number) => c.procedures[p].code;
        const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const best = (p: number) => Math.max(...groups.get(p)!.map((r) => r.level));
        const dir = sort.descending ? -1 : 1;
        const byName = (a: number, b: number) => binary(name(a), name(b)) || binary(code(a), code(b));
        const compare: Record<SortKey, (a: number, b: number) => number> = {
          name: (a, b) => dir * binary(name(a), name(b)) || binary(code(a), code(b)),
          code: (a, b) => dir * binary(code(a), code(b)),
          level: (a, b) => dir * (best(a) - best(b)) || byName(a, b),
          agency: (a, b) => dir * (groups.get(a)!.length - groups.get(b)!.length) || byName(a, b),
          relevance: search.words.length > 0 ? (a, b) => dir * (rankOrder.indexOf(a) - rankOrder.indexOf(b)) : byName,
        };
        if (sort.key === 'relevance' && sort.descending && search.words.length > 0) return; // the page never asks for it
        const expected = [...groups.keys()].sort(compare[sort.key]).slice(offset, offset + limit);
        const page = index.groupPage(filters, search, place === null ? null : slug(place), sort, limit, offset);
        const agencyName = (r: Row) => AGENCIES[r.agency];
        expect(page).toEqual(
          expected.map((p): ProcedureGroup => {
            const rows = groups.get(p)!;
            const field = c.procedures[p].field;
            return {
              code: code(p),
              name: name(p),
              field: field === null ? null : FIELDS[field],
              agencies: rows.length,
              bestLevel: best(p),
              portal: rows.some((r) => r.portal === 1),
              withdrawn: rows.every((r) => r.current === 0),
              servingIds: place === null ? [] : [...rows].sort((a, b) => binary(agencyName(a), agencyName(b))).map((r) => r.id),
            };
          }),
        );
      }),
      { numRuns: 200, seed: 1706 },
    );
  });

  it('offers every agency as a place, with the tier most of its offerings have', async () => {
    const c: Catalogue = {
      procedures: [{ code: '1.000001', name: 'đăng ký khai sinh', field: 0 }, { code: '1.000002', name: 'cấp giấy phép xây dựng', field: 2 }],
      rows: [
        { id: 1, procedure: 0, agency: 2, level: 3, portal: 1, qd411: 0, eligible: 1, current: 1, tiers: ['commune'] },
        { id: 2, procedure: 1, agency: 1, level: 4, portal: 0, qd411: 0, eligible: 1, current: 1, tiers: ['province'] },
        { id: 3, procedure: 0, agency: 3, level: 2, portal: 0, qd411: 0, eligible: 1, current: 1, tiers: ['commune'] },
      ],
    };
    const index = await indexOf(c);
    const places = index.places();
    expect(places.find((p) => p.slug === slug(2))).toEqual({ slug: slug(2), name: 'UBND xã Bình Châu', tier: 'commune' });
    expect(places.find((p) => p.slug === slug(1))?.tier).toBe('province');
    expect(places.find((p) => p.slug === slug(0))?.tier).toBeNull();
    // The commune is served by its own offering and by the province's for what it does not carry.
    const none: Filters = { agencies: [], fields: [], tiers: [], levels: [], portal: null, qd411: null, eligible: null, status: 'current' };
    const page = index.groupPage(none, searchTerms(''), slug(2), { key: 'name', descending: false }, 10, 0);
    expect(page.map((g) => [g.code, g.servingIds])).toEqual([['1.000002', [2]], ['1.000001', [1]]]);
    const counts = index.groupCounts(none, searchTerms(''), null);
    expect([counts.total, counts.offerings]).toEqual([2, 3]);
    expect(counts.facets.field.map((v) => [v.value, v.count])).toEqual([['linh-vuc-0', 1], ['linh-vuc-2', 1]]);
    expect(counts.facets.tier.map((v) => [v.value, v.count])).toEqual([['commune', 1], ['province', 1]]);
    expect(index.groupPage(none, searchTerms(''), null, { key: 'name', descending: false }, 10, 0).map((g) => g.agencies)).toEqual([1, 2]);
  });
});
