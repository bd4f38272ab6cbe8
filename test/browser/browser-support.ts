/**
 * Shared set-up for the browser tests: Debian's Chromium driven by playwright-core (npm cannot download
 * browsers here), and the real app on a loopback port over a database holding the sample catalogue.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import { SAMPLE_CATALOGUE } from '../../server/paths';
import { seedIfEmpty } from '../../server/seed';
import { ImportJobs } from '../../server/services/import-jobs';
import { addUser, fixedClock, openTestDb, testConfig } from '../helpers';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/browser');

/**
 * Whether the browser tests can run. In CI (CI=true) a missing browser is a failure, not a skip: .ci/run
 * installs it. On a developer's machine without Chromium they are skipped, and say so.
 */
export function browserAvailable(): boolean {
  const present = fs.existsSync(CHROMIUM);
  if (!present && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: CI must install it (apt-get install chromium).`);
  if (!present) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  return present;
}

export interface Site {
  url: string;
  db: CatalogueDb;
  browser: Browser;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const db = await openTestDb();
  const clock = fixedClock('2026-11-22T03:00:00.000Z');
  await seedIfEmpty(db, SAMPLE_CATALOGUE, clock);
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  await addUser(db, 'quantri', 'mat-khau-dung-2', 'admin');
  const jobs = new ImportJobs(db, { now: () => new Date() }, () => undefined);
  const app = createApp({ db, config: { ...testConfig, uploadLimitBytes: 5 * 1024 * 1024 }, clock: { now: () => new Date() }, jobs, log: console.error });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await jobs.close();
      await db.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
