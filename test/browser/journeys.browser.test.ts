/**
 * The main journeys in a real browser (headless Chromium): what a citizen, a manager and a clerk do.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { csv, HEADER, tempDir } from '../helpers';
import { browserAvailable, screenshot, startSite, type Site } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;

run('journeys in a browser', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  async function newPage(locale = 'vi-VN'): Promise<Page> {
    const context = await site.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  const countOf = async (page: Page): Promise<number> => {
    const text = (await page.locator('.result-count').textContent()) ?? '';
    const match = /trong ([\d.]+) kết quả/.exec(text);
    if (!match) throw new Error(`no total in "${text}"`);
    return Number(match[1].replace(/\./g, ''));
  };

  it('finds "Đăng ký khai sinh" by typing without diacritics, and opens its page', async () => {
    const page = await newPage();
    await page.goto(site.url);
    await page.getByLabel('Tìm thủ tục').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.waitForURL(/\/procedures\?q=dang\+ky\+khai\+sinh/);
    const first = page.locator('table.catalogue tbody tr').first().locator('td.col-name a');
    expect((await first.textContent())?.normalize('NFC')).toMatch(/khai sinh/i);
    await first.click();
    await page.waitForURL(/\/procedures\/[\d.]+$/);
    expect((await page.locator('h1').textContent())?.normalize('NFC')).toMatch(/[Kk]hai sinh/);
    await expect(page.locator('table.data').first().locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'search-to-procedure');
    await page.context().close();
  });

  it('narrows by agency and then by level, each count matching the list it leads to', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/procedures`);
    const agency = page.locator('#facet-agency + ul li a').first();
    const agencyCount = Number((await agency.locator('.facet-count').textContent())!.replace(/\./g, ''));
    await agency.click();
    await page.waitForURL(/agency=/);
    expect(await countOf(page)).toBe(agencyCount);

    const level4 = page.locator('#facet-level + ul li a', { hasText: 'Mức độ 4' });
    const levelCount = Number((await level4.locator('.facet-count').textContent())!.replace(/\./g, ''));
    await level4.click();
    await page.waitForURL(/level=4/);
    expect(await countOf(page)).toBe(levelCount);
    await expect(page.locator('.tag').count()).resolves.toBe(2);
    await screenshot(page, 'filter-agency-level');
    await page.context().close();
  });

  it('switches to English and stays there', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/procedures`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Administrative procedures');
    await page.getByRole('link', { name: 'Agencies' }).click();
    expect(await page.locator('h1').textContent()).toBe('Implementing agencies');
    await screenshot(page, 'english');
    await page.context().close();
  });

  it('lets a clerk sign in, see a bad file refused with its error, upload a fixed one, confirm, and find the change', async () => {
    const page = await newPage();
    // A procedure of the sample at a level below 4, to raise to 4.
    const target = await site.db.kysely
      .selectFrom('offering')
      .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
      .innerJoin('agency', 'agency.id', 'offering.agency_id')
      .select(['procedure.code', 'procedure.name', 'agency.name as agency', 'agency.slug as agencySlug'])
      .where('offering.level', '<', 4)
      .where('offering.status', '=', 'current')
      .orderBy('offering.id')
      .executeTakeFirstOrThrow();

    // The dashboard's level-4 count for that agency before the import.
    const level4Link = (p: Page) => p.locator(`a[href="/procedures?agency=${target.agencySlug}&level=4&view=offerings"]`).first();
    await page.goto(`${site.url}/coverage`);
    const level4Before = Number(((await level4Link(page).count()) ? await level4Link(page).textContent() : '0')!.replace(/\./g, ''));

    await page.goto(`${site.url}/imports/new`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Tên đăng nhập').fill('canbo');
    await page.getByLabel('Mật khẩu').fill('mat-khau-dung-1');
    await page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/imports\/new/);

    const bad = path.join(tempDir(), 'browser-bad.csv');
    fs.writeFileSync(bad, csv([HEADER, [target.code, target.name, target.agency, 'Mức độ 9', '', '', 'Có', '']]));
    await page.setInputFiles('#file', bad);
    await page.locator('main').getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.waitForURL(/\/imports\/uploads\//);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('1 lỗi trong tệp');
    await expect(page.locator('#row-errors + .table-wrap').textContent()).resolves.toContain('Mức độ 9');
    await screenshot(page, 'import-refused');

    const good = path.join(tempDir(), 'browser-good.csv');
    fs.writeFileSync(good, csv([HEADER, [target.code, target.name, target.agency, 'Mức độ 4', '', '', 'Có', '']]));
    await page.getByRole('link', { name: 'Tải tệp khác' }).click();
    await page.setInputFiles('#file', good);
    await page.locator('main').getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.waitForURL(/\/imports\/uploads\//);
    await expect(page.locator('body').textContent()).resolves.toContain('Đạt mức độ 4');
    await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
    await page.waitForURL(/\/imports\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Lần nhập số \d+/);

    await page.goto(`${site.url}/procedures/${target.code}`);
    const row = page.locator('table.data').first().locator('tbody tr', { hasText: target.agency });
    await expect(row.locator('.level').textContent()).resolves.toBe('Mức độ 4');
    await screenshot(page, 'import-confirmed-procedure');

    await page.goto(`${site.url}/coverage`);
    expect(Number((await level4Link(page).textContent())!.replace(/\./g, ''))).toBe(level4Before + 1);
    await screenshot(page, 'import-confirmed-dashboard');
    await page.context().close();
  }, 60_000);

  it('shows the dashboard with its chart, and each count leads to a list of that many', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/coverage`);
    const chart = page.locator('svg.bar-chart');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').first().textContent()).toMatch(/Tỷ lệ mức độ 4 trên số thủ tục đủ điều kiện, theo cơ quan/);
    expect(await chart.locator('desc').first().textContent()).toMatch(/chỉ tiêu 100%/);
    await screenshot(page, 'dashboard');
    const link = page.locator('td.num a[href*="level=4"]').nth(2);
    const count = Number((await link.textContent())!.replace(/\./g, ''));
    await link.click();
    await page.waitForURL(/\/procedures\?/);
    expect(await countOf(page)).toBe(count);
    await page.context().close();
  });
});
