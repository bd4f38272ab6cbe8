import { Router } from 'express';
import type { AppDeps } from '../app';
import type { CatalogueService } from '../services/catalogue-service';
import { catalogueVersion } from '../../db/catalogue-repository';
import { getOverview, type Overview } from '../services/overview-service';
import { VersionedCache } from '../services/versioned-cache';

export function homeRoutes({ db }: AppDeps, catalogue: CatalogueService): Router {
  const router = Router();
  const overviews = new VersionedCache(1);
  const overview = async (): Promise<Overview> => overviews.get(await catalogueVersion(db.kysely), 'overview', () => getOverview(db.kysely));

  router.get('/', async (_req, res) => {
    const [summary, list] = await Promise.all([overview(), catalogue.list({})]);
    const facet = (d: string) => list.facets.find((f) => f.dimension === d)?.values.slice(0, 8) ?? [];
    res.render('home', { overview: summary, topAgencies: facet('agency'), topFields: facet('field') });
  });

  router.get('/healthz', async (_req, res) => {
    const summary = await overview();
    res.json({
      status: 'ok',
      offerings: summary.counts.offerings,
      procedures: summary.counts.procedures,
      lastImport: summary.lastImport?.finishedAt ?? null,
    });
  });

  return router;
}
