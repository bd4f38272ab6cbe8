import { Router } from 'express';
import type { AppDeps } from '../app';
import { listAudit } from '../../db/account-repository';
import { requireRole } from '../middleware/require-role';
import { pageNumbers } from '../services/catalogue-service';

const PER_PAGE = 100;

export function adminRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.get('/admin/audit', requireRole('admin'), async (req, res) => {
    const pageText = typeof req.query.page === 'string' ? req.query.page : '1';
    const page = /^\d{1,7}$/.test(pageText) ? Math.max(1, Number(pageText)) : 1;
    const { total, entries } = await listAudit(db.kysely, PER_PAGE, (page - 1) * PER_PAGE);
    const pageCount = Math.max(1, Math.ceil(total / PER_PAGE));
    res.render('audit', {
      entries,
      pages: pageCount > 1 ? pageNumbers(Math.min(page, pageCount), pageCount).map((n) => (n === null ? null : { number: n, href: `/admin/audit?page=${n}`, current: n === page })) : [],
    });
  });
  return router;
}
