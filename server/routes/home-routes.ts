import { Router } from 'express';
import type { AppDeps } from '../app';
import type { CatalogueService } from '../services/catalogue-service';
import { getOverview } from '../services/overview-service';

export function homeRoutes({ db }: AppDeps, catalogue: CatalogueService): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const [overview, list] = await Promise.all([getOverview(db.kysely), catalogue.list({})]);
    const facet = (d: string) => list.facets.find((f) => f.dimension === d)?.values.slice(0, 8) ?? [];
    res.render('home', { overview, topAgencies: facet('agency'), topFields: facet('field') });
  });

  router.get('/healthz', async (_req, res) => {
    const overview = await getOverview(db.kysely);
    res.json({
      status: 'ok',
      offerings: overview.counts.offerings,
      procedures: overview.counts.procedures,
      lastImport: overview.lastImport?.finishedAt ?? null,
    });
  });

  return router;
}
