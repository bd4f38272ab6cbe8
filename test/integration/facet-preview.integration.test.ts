/**
 * A facet with many values shows its first ones, any selected value beyond them, and "show all" with how many
 * more: the index sends the page's thread only those values and the facet's size (issue #14), and the page must
 * still count and show them as before. Through the real app, in both views.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { FACET_PREVIEW } from '../../domain/facets';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { csv, fixedClock, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let app: ReturnType<typeof createApp>;

const HEAD = ['Mã thủ tục', 'Tên thủ tục', 'Cơ quan thực hiện', 'Mức độ', 'Lĩnh vực', 'Cấp thực hiện', 'Tích hợp Cổng DVCQG'];
/** 14 communes; commune k carries k + 1 procedures, so the agency facet is ordered by count, most first. */
const COMMUNES = Array.from({ length: 14 }, (_, k) => `UBND xã Thử ${String(k + 1).padStart(2, '0')}`);
const ROWS = COMMUNES.flatMap((agency, k) =>
  Array.from({ length: k + 1 }, (_, p) => [`1.00${String(1000 + p)}`, `Thủ tục số ${p + 1}`, agency, p % 2 === 0 ? '4' : '3', 'Hộ tịch', 'Cấp xã', 'Không']),
);

beforeAll(async () => {
  db = await openTestDb();
  const report = await importFile(db, writeCsv(csv([HEAD, ...ROWS])), {}, clock);
  expect(report.status).toBe('imported');
  app = createApp({ db, config: testConfig, clock, log: () => undefined });
});
afterAll(async () => {
  await db.close();
});

/** The agency facet's labels and counts as the page shows them, and its "show all" link's text, if any. */
function agencyFacet(html: string): { values: [string, number][]; more: string | null } {
  const section = html.slice(html.indexOf('id="facet-agency"'), html.indexOf('id="facet-field"'));
  const values = [...section.matchAll(/<span class="facet-label">([^<]*)<\/span>\s*<span class="facet-count">(\d+)<\/span>/g)].map(
    (m): [string, number] => [m[1], Number(m[2])],
  );
  const more = /<a class="facet-more"[^>]*>([^<]*)<\/a>/.exec(section)?.[1] ?? null;
  return { values, more };
}

describe('a long facet', () => {
  it('shows the first values by count and "show all" with how many are hidden, in both views', async () => {
    for (const view of ['offerings', 'procedures']) {
      const { values, more } = agencyFacet((await request(app).get(`/procedures?view=${view}`).expect(200)).text);
      expect(values).toHaveLength(FACET_PREVIEW);
      expect(values[0]).toEqual(['UBND xã Thử 14', 14]);
      expect(values[FACET_PREVIEW - 1]).toEqual([`UBND xã Thử ${String(14 - FACET_PREVIEW + 1).padStart(2, '0')}`, 14 - FACET_PREVIEW + 1]);
      expect(more).toBe(`Xem tất cả (${14 - FACET_PREVIEW} mục nữa)`);
    }
  });

  it('keeps a selected value beyond the first ones visible and counts the rest as hidden', async () => {
    // The link that selects the last commune, from the facet shown whole.
    const whole = (await request(app).get('/procedures?more=agency').expect(200)).text;
    const link = new RegExp('<a href="([^"]+)">\\s*<span class="facet-check" aria-hidden="true"></span>\\s*<span class="facet-label">UBND xã Thử 01</span>').exec(whole);
    expect(link).not.toBeNull();
    const href = (link as RegExpExecArray)[1].replace(/&amp;/g, '&').replace(/([?&])more=agency&?/, '$1');
    const html = (await request(app).get(href).expect(200)).text;
    const { values, more } = agencyFacet(html);
    expect(values).toHaveLength(FACET_PREVIEW + 1);
    expect(values.at(-1)).toEqual(['UBND xã Thử 01', 1]);
    expect(more).toBe(`Xem tất cả (${14 - FACET_PREVIEW - 1} mục nữa)`);
  });

  it('shows every value when asked, and the counts are the same as in the preview', async () => {
    const preview = agencyFacet((await request(app).get('/procedures?level=4').expect(200)).text);
    const whole = agencyFacet((await request(app).get('/procedures?level=4&more=agency').expect(200)).text);
    expect(whole.more).toBeNull();
    expect(whole.values).toHaveLength(14);
    expect(whole.values.slice(0, FACET_PREVIEW)).toEqual(preview.values);
    // Commune k carries ceil((k + 1) / 2) level-4 procedures.
    expect(whole.values.map(([, n]) => n).reduce((a, b) => a + b, 0)).toBe(COMMUNES.reduce((sum, _, k) => sum + Math.ceil((k + 1) / 2), 0));
  });
});
