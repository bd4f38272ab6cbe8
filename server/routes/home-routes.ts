import { Router } from 'express';
import type { AppDeps } from '../app';
import { getOverview } from '../services/overview-service';

export function homeRoutes({ db }: AppDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const overview = await getOverview(db.kysely);
    res.render('home', { overview });
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
