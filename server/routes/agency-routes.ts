/**
 * Agencies: each one's page (who to call, what it carries) as HTML and JSON, the contacts as a CSV, and the
 * staff's import of an agency list (upload → preview, nothing written → confirm or cancel).
 */
import fs from 'node:fs';
import { Router, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { RouteDeps } from '../app';
import { contactsView } from '../../domain/agency-contacts';
import { CONTACT_FIELDS, CONTACT_HEADERS } from '../../imports/agency-list';
import { formulaSafe } from '../../imports/csv-safe';
import { fill } from '../format';
import { clientAddress } from '../http/client-address';
import { receiveUpload } from '../http/upload';
import { isValidCsrf, refuseCsrf } from '../middleware/csrf';
import { requireRole } from '../middleware/require-role';
import type { Services } from '../services';
import type { ContactPlan } from '../services/agency-contact-service';

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
const SLUG = /^[a-z0-9-]{1,80}$/;

export function agencyRoutes({ agencyContacts, procedures }: Services, { config }: RouteDeps): Router {
  const router = Router();
  const staff = requireRole('staff');

  const notFound = (res: Response) => res.status(404).render('error', { title: res.locals.t.errors.notFoundTitle, message: res.locals.t.contacts.notFound, detail: null });
  const findAgency = (slug: string) => (SLUG.test(slug) ? agencyContacts.agency(slug) : Promise.resolve(null));

  // The procedure page links each agency here with `from=<code>`: the way back, offered only when that
  // procedure exists and this agency carries it (anything else in `from` is ignored).
  const cameFrom = async (from: unknown, slug: string) => {
    if (typeof from !== 'string' || from === '' || from.length > 64) return null;
    const procedure = await procedures.find(from);
    return procedure && procedure.offerings.some((o) => o.agencySlug === slug) ? { code: procedure.code, name: procedure.name } : null;
  };

  router.get('/agencies/:slug', async (req, res) => {
    const agency = await findAgency(String(req.params.slug));
    if (!agency) {
      notFound(res);
      return;
    }
    res.render('agency', { agency, contacts: contactsView(agency), cameFrom: await cameFrom(req.query.from, agency.slug) });
  });

  router.get('/api/agencies/:slug', async (req, res) => {
    const agency = await findAgency(String(req.params.slug));
    if (!agency) {
      res.status(404).json({ error: res.locals.t.contacts.notFound });
      return;
    }
    const { name, slug, code, current, level4, withdrawn } = agency;
    res.json({ name, slug, code, contacts: contactsView(agency), current, level4, withdrawn });
  });

  // The contacts as the import reads them back: every agency, the import's own headers, formula-like cells made text.
  router.get('/agencies.csv', async (_req, res) => {
    const agencies = await agencyContacts.all();
    const header = CONTACT_FIELDS.map((f) => CONTACT_HEADERS[f][0]);
    const rows = agencies.map((a) => [a.name, a.code, a.address, a.phone, a.email, a.hours, a.website].map((v) => formulaSafe(v ?? '')));
    res.type('text/csv; charset=utf-8');
    res.attachment('danh-ba-co-quan.csv');
    res.send(`\ufeff${stringify([header, ...rows], { record_delimiter: '\r\n' })}`);
  });

  const render = (res: Response, status: number, view: { plan?: ContactPlan | null; token?: string | null; errors?: { text: string; href?: string }[]; written?: number | null }) =>
    res.status(status).render('agency-import', { plan: null, token: null, errors: [], written: null, ...view });
  const planStatus = (plan: ContactPlan) => (plan.check.fileError || plan.errors.length > 0 ? 422 : 200);

  router.get('/imports/agencies', staff, (_req, res) => render(res, 200, {}));

  router.post('/imports/agencies', staff, async (req, res) => {
    const t = res.locals.t.imports;
    const token = agencyContacts.newToken();
    const received = await receiveUpload(req, {
      dir: config.uploadDir,
      limitBytes: config.uploadLimitBytes,
      token: `agencies-${token}`,
      checkCsrf: (value) => isValidCsrf(req, res, config, value),
    });
    if (received.problem === 'csrf') {
      refuseCsrf(res);
      return;
    }
    if (received.problem || !received.file) {
      if (received.file) fs.rmSync(received.file.path, { force: true });
      const problem = received.problem ?? 'no-file';
      const text = {
        'too-large': fill(t.errors.tooLarge, { limit: `${Math.round(config.uploadLimitBytes / 1024 / 1024)} MB` }),
        empty: t.errors.emptyFile,
        'not-multipart': t.errors.notMultipart,
        'no-file': t.errors.noFile,
      }[problem];
      render(res, problem === 'too-large' ? 413 : 400, { errors: [{ text, href: '#file' }] });
      return;
    }
    const plan = await agencyContacts.preview(token, received.file, res.locals.user!.id);
    render(res, planStatus(plan), { plan, token: plan.writable ? token : null });
  });

  router.post('/imports/agencies/:token/confirm', staff, async (req, res) => {
    const token = String(req.params.token);
    const user = res.locals.user!;
    const result = TOKEN.test(token) ? await agencyContacts.confirm(token, user.id, user.username, clientAddress(req)) : null;
    if (!result) {
      render(res, 410, { errors: [{ text: res.locals.t.contacts.expired, href: '#file' }] });
      return;
    }
    if (result.written === 0) {
      render(res, 409, { plan: result.plan, errors: [{ text: res.locals.t.contacts.changedAfterPreview }] });
      return;
    }
    render(res, 200, { plan: result.plan, written: result.written });
  });

  router.post('/imports/agencies/:token/cancel', staff, (req, res) => {
    const token = String(req.params.token);
    if (TOKEN.test(token)) agencyContacts.cancel(token, res.locals.user!.id);
    res.redirect(303, '/imports/agencies');
  });

  return router;
}
