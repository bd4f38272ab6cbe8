/**
 * The headline figures on the home page. Levels are cumulative, as official statistics count them: a
 * level-4 service is also a level-3 service.
 */
import type { Kysely } from 'kysely';
import { catalogueVersion, countCatalogue, findLastImport, type CatalogueCounts, type LastImport } from '../../db/catalogue-repository';
import type { Database } from '../../db/schema';
import { share } from '../format';
import { VersionedCache } from './versioned-cache';

export interface Overview {
  counts: CatalogueCounts;
  level4: number;
  level4Pct: number | null;
  level3Plus: number;
  level3PlusPct: number | null;
  portalPct: number | null;
  byLevelPct: Record<1 | 2 | 3 | 4, number | null>;
  lastImport: LastImport | null;
}

export async function getOverview(db: Kysely<Database>): Promise<Overview> {
  const [counts, lastImport] = await Promise.all([countCatalogue(db), findLastImport(db)]);
  const level3Plus = counts.byLevel[3] + counts.byLevel[4];
  return {
    counts,
    level4: counts.byLevel[4],
    level4Pct: share(counts.byLevel[4], counts.offerings),
    level3Plus,
    level3PlusPct: share(level3Plus, counts.offerings),
    portalPct: share(counts.portalIntegrated, counts.offerings),
    byLevelPct: {
      1: share(counts.byLevel[1], counts.offerings),
      2: share(counts.byLevel[2], counts.offerings),
      3: share(counts.byLevel[3], counts.offerings),
      4: share(counts.byLevel[4], counts.offerings),
    },
    lastImport,
  };
}

/** The overview, worked out once per catalogue version (the home page and /healthz ask for it on every request). */
export function overviewService(db: Kysely<Database>): { get(): Promise<Overview> } {
  const overviews = new VersionedCache(1);
  return { get: async () => overviews.get(await catalogueVersion(db), 'overview', () => getOverview(db)) };
}
