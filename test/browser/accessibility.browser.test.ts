/**
 * An automated accessibility scan (axe-core) of the main pages: no serious or critical violations.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { csv, HEADER, tempDir } from '../helpers';
import { ARTIFACTS, browserAvailable, startSite, type Site } from './browser-support';

const run = browserAvailable() ? describe : describe.skip;
const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

run('accessibility', () => {
  let site: Site;
  let page: Page;
  beforeAll(async () => {
    site = await startSite();
    // The site's CSP forbids injected scripts, which is right; the scan's own context lifts it to add axe.
    const context = await site.browser.newContext({ bypassCSP: true, locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  async function scan(url: string, name: string): Promise<void> {
    if (url) await page.goto(`${site.url}${url}`);
    await page.addScriptTag({ path: AXE });
    // Evaluated in the page, where axe is now a global.
    const violations = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)")) as AxeViolation[];
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, `axe-${name}.json`), JSON.stringify(violations, null, 2));
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    expect(serious).toEqual([]);
  }

  it.each([
    ['/', 'home'],
    ['/procedures', 'catalogue'],
    ['/procedures?q=khai+sinh&level=4', 'catalogue-filtered'],
    ['/procedures/1.001193', 'procedure'],
    ['/procedures/9.999999', 'not-found'],
    ['/agencies', 'agencies'],
    ['/agencies/so-tu-phap', 'agency'],
    ['/login', 'login'],
    ['/coverage', 'coverage'],
    ['/coverage/trend', 'coverage-trend'],
    ['/coverage/report?quarter=2026-Q4', 'coverage-report'],
    ['/coverage?at=2020-13-45', 'coverage-error'],
    ['/procedures?lang=en', 'catalogue-en'],
  ])('%s has no serious or critical violations', async (url, name) => {
    await scan(url, name);
  });

  async function signIn(username: string, password: string): Promise<void> {
    await page.context().clearCookies();
    // An earlier scan switched the language to English; the labels below are Vietnamese.
    await page.goto(`${site.url}/login?lang=vi`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/imports/);
  }

  it('the import pages have none either', async () => {
    await signIn('canbo', 'mat-khau-dung-1');
    await scan('/imports/new', 'import-new');
    const file = path.join(tempDir(), 'axe-upload.csv');
    fs.writeFileSync(file, csv([HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 9', '', '', '', ''], ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '4', '', '', '', '']]));
    await page.goto(`${site.url}/imports/new`);
    await page.setInputFiles('#file', file);
    await page.locator('main').getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.waitForURL(/\/imports\/uploads\//);
    await scan('', 'import-preview');
    await scan('/imports', 'imports');
    await scan('/account/password', 'account-password');
  }, 60_000);

  it('the administration pages have none either', async () => {
    await signIn('quantri', 'mat-khau-dung-2');
    await scan('/admin/targets', 'admin-targets');
    await scan('/admin/users', 'admin-users');
    await scan('/admin/users/canbo/password', 'admin-user-password');
    await scan('/admin/audit', 'admin-audit');
    // With the error summary showing.
    await page.goto(`${site.url}/admin/targets`);
    await page.locator('#year').fill('20x1');
    await page.locator('main').getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.waitForSelector('.error-summary');
    await scan('', 'admin-targets-error');
  }, 60_000);
});
