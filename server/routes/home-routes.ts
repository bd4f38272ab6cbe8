import { Router } from 'express';
import type { Services } from '../services';

export function homeRoutes({ overview, catalogue }: Services): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const [summary, list] = await Promise.all([overview.get(), catalogue.list({})]);
    if (list.stale) res.locals.notForPageCache = true;
    const facet = (d: string) => list.facets.find((f) => f.dimension === d)?.values.slice(0, 8) ?? [];
    res.render('home', { overview: summary, topAgencies: facet('agency'), topFields: facet('field') });
  });

  // The glossary: one page under its Vietnamese and its English address.
  router.get(['/giai-thich', '/glossary'], (_req, res) => {
    res.render('glossary');
  });

  router.get('/healthz', async (_req, res) => {
    const summary = await overview.get();
    res.json({
      status: 'ok',
      offerings: summary.counts.offerings,
      procedures: summary.counts.procedures,
      lastImport: summary.lastImport?.finishedAt ?? null,
    });
  });

  return router;
}
