/**
 * The catalogue index's own costs on an imported catalogue: how long it takes to load, the longest stretch
 * its load holds the event loop, and cold lists, searches and facet counts one at a time (each state asked
 * for the first time), beside the page's SQL path it replaced.
 *
 *   node dist/test/bench/index-timing.js <database file>
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadCatalogueIndex } from '../../db/catalogue-index-loader';
import { countOfferings, facetCounts, listOfferings } from '../../db/catalogue-list-repository';
import { openDatabase } from '../../db/connection';
import { NO_FILTERS } from '../../domain/filters';
import { CatalogueService } from '../../server/services/catalogue-service';
import { FACET_DIMENSIONS, searchTerms } from '../../server/catalogue/catalogue-query';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: index-timing.js <database file>');
  const db = openDatabase(`sqlite:${file}`);
  const delay = monitorEventLoopDelay({ resolution: 5 });

  // The longest stretch without a turn of the loop while the index loads: a timer that should fire every 5 ms.
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  delay.enable();
  const start = performance.now();
  const index = await loadCatalogueIndex(db.kysely);
  const loadMs = performance.now() - start;
  clearInterval(ticker);
  delay.disable();
  console.log(`index of ${index.size.toLocaleString('en')} offerings loaded in ${loadMs.toFixed(0)} ms; longest turn of the loop meanwhile ${longest.toFixed(1)} ms (delay max ${(delay.max / 1e6).toFixed(1)} ms)`);

  const service = new CatalogueService(db.kysely);
  await service.list({});
  const cases: Record<string, string>[] = [
    {},
    { page: '1000' },
    { sort: '-agency', page: '1500' },
    { level: '4', tier: 'province' },
    { q: 'dang ky khai sinh' },
    { q: 'cap giay' },
    { q: 'd' },
    { q: 'dang', pageSize: '200' },
    { q: '1.00', sort: 'code' },
    { portal: 'no', qd411: 'yes', eligible: 'no', sort: '-level', page: '7' },
  ];
  for (const query of cases) {
    const t0 = performance.now();
    const list = await service.list(query);
    const indexMs = performance.now() - t0;
    const { q = '', ...rest } = query;
    const search = searchTerms(q);
    const t1 = performance.now();
    await countOfferings(db.kysely, NO_FILTERS, search);
    for (const d of FACET_DIMENSIONS) await facetCounts(db.kysely, d, NO_FILTERS, search);
    const sortKey = (rest.sort ?? (search.words.length ? 'relevance' : 'name')).replace('-', '') as 'name';
    const page = Math.min(Number(rest.page ?? 1), Math.max(1, Math.ceil(list.total / 50)));
    await listOfferings(db.kysely, NO_FILTERS, search, { key: sortKey, descending: (rest.sort ?? '').startsWith('-') }, Number(rest.pageSize ?? 50), (page - 1) * 50);
    const sqlMs = performance.now() - t1;
    console.log(`${JSON.stringify(query).padEnd(80)} index ${indexMs.toFixed(1).padStart(6)} ms   SQL (unfiltered counts, page) ${sqlMs.toFixed(0).padStart(5)} ms   total ${list.total}`);
  }
  await db.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
