/**
 * The in-memory catalogue index against the SQL it replaced (db/catalogue-list-repository.ts, with FTS5 for the
 * words): on a generated catalogue, for random filters, searches, sorts and pages (fast-check), the same total,
 * the same facet counts in the same order, the same page of ids in the same order and the same export ids.
 * Then the app's list follows a catalogue change (an import, an undo) on the very next request.
 */
import fc from 'fast-check';
import request from 'supertest';
import type { CatalogueIndex } from '../../db/catalogue-index';
import { loadCatalogueIndex } from '../../db/catalogue-index-loader';
import {
  countOfferings,
  facetCounts,
  listOfferings,
  offeringBatches,
  type FacetDimension,
  type SearchTerms,
  type SortKey,
} from '../../db/catalogue-list-repository';
import type { CatalogueDb } from '../../db/connection';
import { bumpCatalogueVersion, catalogueVersion } from '../../db/catalogue-repository';
import { undoImport } from '../../db/undo-import';
import type { OfferingFilters } from '../../domain/filters';
import type { ServiceLevel } from '../../domain/levels';
import { TIERS, type Tier } from '../../domain/tiers';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { FACET_DIMENSIONS, searchTerms } from '../../server/catalogue/catalogue-query';
import { CatalogueIndexes } from '../../server/services/catalogue-service';
import { csv, fixedClock, openSqliteTestDb as openTestDb, testConfig, writeCsv } from '../helpers';

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG', 'QĐ 411', 'Đủ điều kiện', 'Tình trạng'];

/** Words of real procedure names, some sharing beginnings ("đăng", "đăng ký", "đất"), some with digits and dots. */
const WORDS = [
  'Đăng', 'ký', 'khai', 'sinh', 'kết', 'hôn', 'cấp', 'giấy', 'phép', 'xây', 'dựng', 'đất', 'đai', 'đầu', 'tư', 'hộ', 'kinh',
  'doanh', 'chứng', 'thực', 'bản', 'sao', 'lại', 'thay', 'đổi', 'thông', 'tin', 'tạm', 'trú', 'lý', 'lí', 'kí', 'v1.2', '2020',
  'mẫu', 'số', 'Hộ', 'tịch', 'di', 'dời', 'công', 'trình',
];
const AGENCIES = ['Sở Tư pháp', 'Sở Xây dựng', 'UBND huyện Bình Sơn', 'UBND xã Bình Châu', 'Ủy ban nhân dân tỉnh', 'Sở Kế hoạch và Đầu tư', 'UBND huyện Sơn Tịnh', 'Công an tỉnh'];
const FIELDS = ['Hộ tịch', 'Hoạt động xây dựng', 'Đất đai', 'Đầu tư', 'Chứng thực', ''];
const TIER_TEXT: Record<Tier, string> = { central: 'Cấp bộ', province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã', other: 'Cơ quan khác' };

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded catalogue: procedures with names of 1–7 words (repeats included), each carried by a few agencies. */
function catalogueRows(seed: number, procedures: number): string[][] {
  const rng = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)];
  const rows: string[][] = [];
  for (let p = 0; p < procedures; p++) {
    const code = `${1 + Math.floor(rng() * 3)}.${String(Math.floor(rng() * 1_000_000)).padStart(6, '0')}`;
    const name = Array.from({ length: 1 + Math.floor(rng() * 7) }, () => pick(WORDS)).join(' ');
    const field = pick(FIELDS);
    const agencies = AGENCIES.filter(() => rng() < 0.4);
    for (const agency of agencies) {
      const tiers = TIERS.filter(() => rng() < 0.3).map((t) => TIER_TEXT[t]);
      const flag = () => pick(['Có', 'Không', 'Không rõ', '']);
      rows.push([
        rng() < 0.2 ? `${code}.000.00.${String(10 + AGENCIES.indexOf(agency))}.H48` : code,
        name,
        agency,
        pick(['1', '2', '3', '4', 'Toàn trình', 'Một phần']),
        field,
        tiers.join(', '),
        flag(),
        flag(),
        flag(),
        rng() < 0.15 ? 'Bãi bỏ' : '',
      ]);
    }
  }
  // One (code, agency) pair per file.
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r[0].slice(0, 8)}|${r[2]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Filters = Omit<OfferingFilters, 'q'>;

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

const flagArb = fc.constantFrom<boolean | null>(null, null, true, false);
const slugArb = (names: string[]) => fc.subarray([...names, 'khong-co'], { maxLength: 3 });

// The reference is the SQL the index replaced, FTS5 included: SQLite's, on both passes of the suite (the index
// itself loads with portable queries; test/integration/postgres-instances searches it on PostgreSQL).
let db: CatalogueDb;
let index: CatalogueIndex;
let agencySlugs: string[];
let fieldSlugs: string[];

beforeAll(async () => {
  db = await openTestDb();
  const report = await importFile(db, writeCsv(csv([HEAD, ...catalogueRows(14, 90)])), { asOf: '2020-06-30', skipInvalid: true }, fixedClock());
  expect(report.status).toBe('imported');
  // Spelling keys off: what FTS5 itself means (the keys are tested in search-spelling.integration.test.ts).
  index = await loadCatalogueIndex(db.kysely, { spelling: false });
  agencySlugs = (await db.kysely.selectFrom('agency').select('slug').execute()).map((a) => a.slug);
  fieldSlugs = (await db.kysely.selectFrom('field').select('slug').execute()).map((f) => f.slug);
});
afterAll(async () => {
  await db.close();
});

const queryArb = () => {
  const word = fc
    .tuple(fc.constantFrom(...WORDS), fc.integer({ min: 1, max: 6 }), fc.boolean())
    .map(([w, cut, whole]) => (whole ? w : w.slice(0, cut)));
  const code = fc.constantFrom('1.', '1.0', '2.00', '3.1', '1.001', '2.5', '1.000.00', '9.9');
  return fc.array(fc.oneof(word, word, word, code), { maxLength: 3 }).map((parts) => parts.join(' '));
};

const filtersArb = () =>
  fc.record({
    agencies: slugArb(agencySlugs),
    fields: slugArb(fieldSlugs),
    tiers: fc.subarray([...TIERS], { maxLength: 2 }),
    levels: fc.subarray([1, 2, 3, 4] as ServiceLevel[], { maxLength: 2 }),
    portal: flagArb,
    qd411: flagArb,
    eligible: flagArb,
    status: fc.constantFrom<Filters['status']>('current', 'current', 'withdrawn', 'all'),
  });

describe('the catalogue index gives what the SQL gives', () => {
  it('has the catalogue the test means', async () => {
    expect(index.size).toBeGreaterThan(200);
    const all: Filters = { agencies: [], fields: [], tiers: [], levels: [], portal: null, qd411: null, eligible: null, status: 'all' };
    expect(index.counts(all, searchTerms('')).total).toBe(index.size);
    // Searches that match several procedures, ranked: the ranking is compared, not only the set.
    expect(await countOfferings(db.kysely, all, searchTerms('dang'))).toBeGreaterThan(10);
  });

  it('the same total and facet counts, in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(filtersArb(), queryArb(), async (filters, q) => {
        const search: SearchTerms = searchTerms(q);
        const { total, facets } = index.counts(filters, search);
        expect(total).toBe(await countOfferings(db.kysely, filters, search));
        for (const d of FACET_DIMENSIONS) {
          expect([d, facets[d]]).toEqual([d, await facetCounts(db.kysely, d, withoutDimension(filters, d), search)]);
        }
      }),
      { numRuns: 300, seed: 1401 },
    );
  });

  it('the same page of ids in the same order, for every sort, and the same export ids', async () => {
    const sortArb = fc.record({
      key: fc.constantFrom<SortKey>('relevance', 'relevance', 'name', 'code', 'agency', 'level'),
      descending: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(filtersArb(), queryArb(), sortArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 120 }), async (filters, q, sort, limit, offset) => {
        const search = searchTerms(q);
        const effective = sort.key === 'relevance' ? { ...sort, descending: false } : sort;
        const expected = (await listOfferings(db.kysely, filters, search, effective, limit, offset)).map((o) => o.offeringId);
        expect(index.page(filters, search, effective, limit, offset)).toEqual(expected);
        const exported: number[] = [];
        for await (const batch of offeringBatches(db.kysely, filters, search, 50)) exported.push(...batch.map((o) => o.offeringId));
        expect(index.matchingIds(filters, search)).toEqual(exported);
      }),
      { numRuns: 300, seed: 1402 },
    );
  });

  it('pages a list from its own selection when other lists were asked between its counts and its page', async () => {
    // Under load the reader thread answers other requests' questions between a list's counts and its page;
    // the index keeps recent selections by filters, search and place, and must never page from another's.
    const fresh = await loadCatalogueIndex(db.kysely, { spelling: false });
    const sort = { key: 'name' as const, descending: false };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(filtersArb(), queryArb()), { minLength: 2, maxLength: 8 }), async (lists) => {
        for (const [filters, q] of lists) index.counts(filters, searchTerms(q));
        for (const [filters, q] of [...lists].reverse()) {
          const search = searchTerms(q);
          expect(index.page(filters, search, sort, 20, 0)).toEqual((await listOfferings(db.kysely, filters, search, sort, 20, 0)).map((o) => o.offeringId));
          expect(index.groupPage(filters, search, null, sort, 20, 0)).toEqual(fresh.groupPage(filters, search, null, sort, 20, 0));
        }
      }),
      { numRuns: 60, seed: 1404 },
    );
  });

  it('ranks a search as FTS5 does, with ties by name and agency', async () => {
    const none: Filters = { agencies: [], fields: [], tiers: [], levels: [], portal: null, qd411: null, eligible: null, status: 'all' };
    for (const q of ['dang', 'dang ky', 'khai sinh', 'ho', 'cap giay', 'v1.2', 'v1', 'ky kh', 'li', 'sinh sinh', 'tin 2020']) {
      const search = searchTerms(q);
      const expected = (await listOfferings(db.kysely, none, search, { key: 'relevance', descending: false }, 200, 0)).map((o) => o.offeringId);
      expect([q, index.page(none, search, { key: 'relevance', descending: false }, 200, 0)]).toEqual([q, expected]);
    }
  });
});

describe.each([false, true])('the list follows the catalogue (index in a reader thread: %s)', (thread) => {
  let closeAfter: CatalogueIndexes | null = null;
  it('shows an import, then its undo, on the next request', async () => {
    const clock = fixedClock();
    const own = await openTestDb();
    try {
      expect((await importFile(own, writeCsv(csv([HEAD, ['1.000001', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '', '', '']])), {}, clock)).status).toBe('imported');
      const app = createApp({ db: own, config: { ...testConfig, listThread: thread }, clock, log: () => undefined });
      const total = async (query: string) => (await request(app).get(`/api/procedures?${query}`).expect(200)).body.total as number;
      expect(await total('q=xuat+canh')).toBe(0);
      expect(await total('level=2')).toBe(0);

      const second = await importFile(
        own,
        writeCsv(csv([HEAD, ['1.000002', 'Cấp thị thực xuất cảnh', 'Công an tỉnh', '2', 'Xuất nhập cảnh', 'Cấp tỉnh', '', '', '', ''], ['1.000001', 'Đăng ký khai sinh', 'Sở Tư pháp', '2', 'Hộ tịch', 'Cấp tỉnh', 'Có', '', '', '']])),
        { asOf: '2026-11-23' },
        clock,
      );
      expect(second.status).toBe('imported');
      expect(await total('q=xuat+canh')).toBe(1);
      expect(await total('level=2')).toBe(2);
      expect((await request(app).get('/api/procedures?agency=cong-an-tinh').expect(200)).body.total).toBe(1);

      expect(await undoImport(own, second.importId as number, '2026-11-24T00:00:00Z')).toMatchObject({ ok: true });
      expect(await total('q=xuat+canh')).toBe(0);
      expect(await total('level=2')).toBe(0);
      expect(await total('level=4')).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('keeps its index when only the version moves (a target set), and loads anew after an import', async () => {
    const clock = fixedClock();
    const own = await openTestDb();
    try {
      const row = (code: string) => [code, 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '', '', ''];
      expect((await importFile(own, writeCsv(csv([HEAD, row('1.000001')])), {}, clock)).status).toBe('imported');
      const indexes = new CatalogueIndexes(own.kysely, { thread });
      closeAfter = indexes;
      const first = await indexes.current();
      await bumpCatalogueVersion(own.kysely, '2026-11-22T04:00:00.000Z');
      const again = await indexes.current();
      expect(again).toBe(first);
      expect(again.version).toBe(await catalogueVersion(own.kysely));
      expect(indexes.loads).toBe(1);
      expect((await importFile(own, writeCsv(csv([HEAD, row('1.000002')])), {}, clock)).status).toBe('imported');
      const next = await indexes.current();
      expect(indexes.loads).toBe(2);
      expect(next.size).toBe(2);
      expect(await next.ask('shownCounts', { agencies: [], fields: [], tiers: [], levels: [], portal: null, qd411: null, eligible: null, status: 'all' }, searchTerms('khai sinh'), null, [])).toMatchObject({ total: 2 });
    } finally {
      await closeAfter?.close();
      await own.close();
    }
  });
});
