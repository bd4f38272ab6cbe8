import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../app';
import type { Services } from '../services';
import { requireRole } from '../middleware/require-role';
import { pageLinks, readPage, requestedPage } from '../pagination';
import {
  isTargetBasis,
  MAX_NOTE_CHARS,
  MAX_TARGET_YEAR,
  MIN_TARGET_YEAR,
  parseTargetYear,
  validateTargetInput,
  type CoverageTarget,
  type TargetInputProblem,
} from '../services/target-service';
import { fill } from '../format';
import { targetPercent } from '../coverage/coverage-view';
import { clientAddress } from '../http/client-address';

const PER_PAGE = 100;

/** Which field of the target form each problem belongs to, for the error summary's links. */
const PROBLEM_FIELD: Record<TargetInputProblem, string> = {
  year: 'year',
  percent: 'percent',
  decimals: 'percent',
  basis: 'basis-all',
  'note-too-long': 'note',
};

interface TargetForm {
  year: string;
  percent: string;
  basis: string;
  note: string;
}

export function adminRoutes({ audit, targets: targetService }: Services, { clock }: RouteDeps): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/admin/audit', admin, async (req, res) => {
    const { page, pageCount, result } = await readPage(requestedPage(req.query.page), PER_PAGE, audit.list);
    const { entries } = result;
    const t = res.locals.t;
    // Stored as codes (role, basis); read in the page's language.
    const valueText = (key: string, value: unknown): string =>
      key === 'role' && (value === 'admin' || value === 'staff')
        ? t.admin.users.roles[value]
        : key === 'basis' && isTargetBasis(value)
          ? t.coverage.target.basisName[value]
          : String(value);
    res.render('audit', {
      entries: entries.map((e) => ({
        ...e,
        detailText: Object.entries(e.detail)
          .map(([key, value]) => `${t.admin.detailKeys[key] ?? key}: ${valueText(key, value)}`)
          .join('; '),
      })),
      pages: pageLinks(page, pageCount, (n) => `/admin/audit?page=${n}`),
    });
  });

  const renderTargets = (res: Response, status: number, targets: CoverageTarget[], form: TargetForm, problems: TargetInputProblem[], saved: number | null) => {
    const tt = res.locals.t.admin.targets;
    const values = { min: String(MIN_TARGET_YEAR), max: String(MAX_TARGET_YEAR), chars: String(MAX_NOTE_CHARS) };
    res.status(status).render('admin-targets', {
      targets,
      form,
      errors: problems.map((p) => ({ href: `#${PROBLEM_FIELD[p]}`, text: fill(tt.problems[p], values) })),
      fieldErrors: new Set(problems.map((p) => PROBLEM_FIELD[p])),
      saved,
      maxNote: MAX_NOTE_CHARS,
      targetPercent: (pct: number) => targetPercent(pct, res.locals.locale),
    });
  };

  router.get('/admin/targets', admin, async (req, res) => {
    const targets = await targetService.list();
    // ?year=2021 fills the form with that year's target, to change it; ?saved=2021 thanks for a save.
    const asked = typeof req.query.year === 'string' ? parseTargetYear(req.query.year) : null;
    const editing = targets.find((target) => target.year === asked);
    const form: TargetForm = editing
      ? { year: String(editing.year), percent: String(editing.level4Pct).replace('.', res.locals.locale === 'vi' ? ',' : '.'), basis: editing.basis, note: editing.note ?? '' }
      : { year: '', percent: '', basis: 'all', note: '' };
    const saved = typeof req.query.saved === 'string' ? parseTargetYear(req.query.saved) : null;
    renderTargets(res, 200, targets, form, [], saved !== null && targets.some((target) => target.year === saved) ? saved : null);
  });

  router.post('/admin/targets', admin, async (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const form: TargetForm = { year: text('year'), percent: text('percent'), basis: text('basis'), note: text('note') };
    // A form always says which basis (the radio has a default) and what note: an empty note clears it.
    const checked = validateTargetInput({ year: form.year, percent: form.percent, basis: form.basis, note: form.note });
    if ('problems' in checked) {
      renderTargets(res, 422, await targetService.list(), form, checked.problems, null);
      return;
    }
    await targetService.set({ ...checked, note: checked.note ?? '' }, res.locals.user!.username, clock.now(), clientAddress(req));
    res.redirect(303, `/admin/targets?saved=${checked.year}`);
  });
  return router;
}
