/**
 * Every public page fits the window (issue #17, item 6): no page wider than the window at 360 px and 1280 px, in
 * both languages, with the catalogue's longest names; on a phone the filters come before the results, behind a
 * "Lọc" disclosure, and the controls are at least 44 px high.
 */
import type { Page } from 'playwright-core';
import { browserAvailable, screenshot, startSite, type Site } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;

run('pages that fit the screen', () => {
  let site: Site;
  let longest: { code: string; name: string };
  let longAgency: string;
  beforeAll(async () => {
    site = await startSite();
    const procedures = await site.db.kysely.selectFrom('procedure').select(['code', 'name']).execute();
    longest = procedures.reduce((a, b) => (b.name.length > a.name.length ? b : a));
    const agencies = await site.db.kysely.selectFrom('agency').select(['slug', 'name']).execute();
    longAgency = agencies.reduce((a, b) => (b.name.length > a.name.length ? b : a)).slug;
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  async function open(path: string, width: number, locale: 'vi' | 'en'): Promise<Page> {
    const context = await site.browser.newContext({ locale: locale === 'vi' ? 'vi-VN' : 'en-GB', viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${site.url}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
    return page;
  }

  const paths = () => [
    '/',
    '/procedures',
    '/procedures?q=dang+ki+khai+sinh',
    `/procedures?agency=${longAgency}&sort=-code`,
    '/procedures?q=zzzzqqq',
    `/procedures/${longest.code}`,
    '/agencies',
    `/agencies/${longAgency}`,
    '/agencies/so-tu-phap',
    '/coverage',
    '/coverage/trend',
    '/giai-thich',
    '/login',
  ];

  for (const width of [360, 1280]) {
    for (const locale of ['vi', 'en'] as const) {
      it(`no public page is wider than a ${width} px window (${locale})`, async () => {
        const wide: string[] = [];
        for (const path of paths()) {
          const page = await open(path, width, locale);
          // (A string: the test code is compiled without the DOM's types.)
          const { scrollWidth, innerWidth } = (await page.evaluate('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })')) as {
            scrollWidth: number;
            innerWidth: number;
          };
          if (scrollWidth > innerWidth) wide.push(`${path}: ${scrollWidth} px`);
          if (path === '/procedures') await screenshot(page, `fits-procedures-${width}-${locale}`);
          await page.context().close();
        }
        expect(wide).toEqual([]);
      }, 120_000);
    }
  }

  it('shows every column of the list at 1280 px without scrolling the table', async () => {
    const page = await open('/procedures?sort=-code', 1280, 'vi');
    const portal = await page.locator('table.catalogue th.col-portal').boundingBox();
    expect(portal).not.toBeNull();
    expect(portal!.x + portal!.width).toBeLessThanOrEqual(1280);
    await page.context().close();
  });

  it('on a phone puts the filters, behind "Lọc", before the results, and opens them with one tap', async () => {
    const page = await open('/procedures?q=khai+sinh', 360, 'vi');
    const toggle = page.locator('summary.filters-summary');
    await expect(toggle.textContent()).resolves.toMatch(/^Lọc/);
    const toggleBox = await toggle.boundingBox();
    const results = await page.locator('table.catalogue').boundingBox();
    expect(toggleBox!.y + toggleBox!.height).toBeLessThan(results!.y);
    expect(toggleBox!.height).toBeGreaterThanOrEqual(44);
    const firstFacet = page.locator('.facet li a').first();
    expect(await firstFacet.isVisible()).toBe(false);
    await toggle.click();
    expect(await firstFacet.isVisible()).toBe(true);
    await screenshot(page, 'fits-procedures-360-filters-open');
    await page.context().close();
  });

  it('at 1280 px shows the filters beside the results without a tap', async () => {
    const page = await open('/procedures', 1280, 'en');
    expect(await page.locator('summary.filters-summary').isVisible()).toBe(false);
    expect(await page.locator('.facet li a').first().isVisible()).toBe(true);
    await page.context().close();
  });

  it('makes every control a phone user taps at least 44 px high', async () => {
    const page = await open('/procedures?q=khai', 360, 'vi');
    await page.locator('summary.filters-summary').click();
    const small = (await page.evaluate(`(() => {
      const selectors = ['.site-nav a', '.lang-switch', '.facet li a', '.facet-more', '.tag', '.tags-clear', '.pagination a', '.search-form button', 'summary.filters-summary'];
      const out = [];
      for (const s of selectors) {
        for (const el of document.querySelectorAll(s)) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.height < 44) out.push(s + ' "' + (el.textContent || '').trim().slice(0, 30) + '": ' + Math.round(r.height) + ' px');
        }
      }
      return out;
    })()`)) as string[];
    expect(small).toEqual([]);
    await page.context().close();
  });
});
