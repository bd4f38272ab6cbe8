/**
 * The public catalogue: the list (HTML, JSON, CSV, .xlsx), each procedure (HTML, JSON, JSON-LD) and the agencies.
 * Handlers only parse, call a service and render.
 */
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { EXPORT_HEADER, exportRow, exportValues } from '../../imports/export-columns';
import { sendWorkbook } from '../http/xlsx-download';
import type { Services } from '../services';
import { parseListRequest, type ListProblem } from '../catalogue/catalogue-query';
import { groupJson, offeringJson } from '../catalogue/catalogue-view';
import { PAGE_DETAIL_KEYS, PAGE_SECTION_KEYS, procedureJson, procedureJsonLd } from '../services/procedure-service';
import { detailSections, procedureActions } from '../catalogue/procedure-actions';
import type { Config } from '../config';
import { MAX_QUERY_CHARS } from '../../domain/filters';
import { fill } from '../format';
import { contactsView } from '../../domain/agency-contacts';
import { renderInTurns } from '../http/render-in-turns';
import { nextTurn, timeSlices } from '../services/turns';

/** Rows of the catalogue CSV written to the response at once (one write per row cost more in compression than the export). */
const CSV_ROWS_A_WRITE = 50;

/**
 * A wait for the response to take more writes, or for the client to be gone (then nothing will drain it).
 * One 'drain' listener for the whole response: the compression middleware moves 'drain' listeners onto its
 * zlib stream, where removing them from the response does not reach, so one per wait would pile up.
 */
function drainWaiter(res: Response): () => Promise<void> {
  let wake: (() => void) | null = null;
  let gone = false;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  res.on('drain', signal);
  res.on('close', () => {
    gone = true;
    signal();
  });
  return () => (gone ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));
}

export function catalogueRoutes({ catalogue, procedures }: Services, config: Pick<Config, 'portalUrl' | 'trackingUrl'> = {}): Router {
  const router = Router();

  const problemText = (res: Response, p: ListProblem): string => {
    const t = res.locals.t.catalogue;
    return fill(t.problems[p.reason], { param: t.paramNames[p.param] ?? p.param, value: p.value, max: String(MAX_QUERY_CHARS) });
  };

  /** A view or place that cannot be used refuses the request (400), the page still shown with the message. */
  const refusesPage = (p: ListProblem) => (p.param === 'view' && p.reason === 'invalid') || (p.param === 'place' && p.reason === 'unknown');

  router.get('/procedures', async (req, res) => {
    // The public reads one row per procedure; staff, who keep the catalogue, one per offering (either can switch).
    const list = await catalogue.list(req.query, res.locals.user ? 'offerings' : 'procedures');
    if (list.stale) res.locals.notForPageCache = true;
    if (list.problems.some(refusesPage)) res.status(400);
    res.render('procedures', { list, problemMessages: list.problems.map((p) => problemText(res, p)) });
  });

  router.get('/api/procedures', async (req, res) => {
    // Programs read offerings unless they ask for the grouped view: the shape they were written for.
    const list = await catalogue.list(req.query, 'offerings');
    if (list.stale) res.locals.notForPageCache = true;
    const refused = list.problems.filter((p) => p.reason === 'invalid' || p.reason === 'unknown');
    if (refused.length > 0) {
      res.status(400).json({ error: 'Invalid parameters', problems: refused.map((p) => ({ ...p, message: problemText(res, p) })) });
      return;
    }
    res.json({
      total: list.total,
      page: list.request.page,
      pageSize: list.request.pageSize,
      ...(list.view === 'procedures' ? { view: list.view, offerings: list.offerings } : {}),
      items: list.view === 'procedures' ? list.groups.map(groupJson) : list.rows.map(offeringJson),
      // Answered from the catalogue as it was a moment ago, while the latest import is being loaded.
      ...(list.stale ? { updating: true } : {}),
      ...(list.problems.length ? { warnings: list.problems.map((p) => problemText(res, p)) } : {}),
    });
  });

  /** The filters of a download, or null when a parameter cannot be used (then refused as plain text, 400). */
  const downloadFilters = async (req: Request, res: Response) => {
    const { request, problems } = parseListRequest(req.query);
    const { unknown } = await catalogue.knownSlugs(request.filters, request.place);
    const refused = [...problems.filter((p) => p.reason === 'invalid'), ...unknown];
    if (refused.length > 0) {
      res.status(400).type('text/plain').send(refused.map((p) => problemText(res, p)).join('\n'));
      return null;
    }
    return { filters: request.filters, place: request.place };
  };

  router.get('/procedures.xlsx', async (req, res) => {
    const chosen = await downloadFilters(req, res);
    if (!chosen) return;
    async function* rows() {
      for await (const batch of catalogue.exportBatches(chosen!.filters, chosen!.place)) yield batch.map(exportValues);
    }
    await sendWorkbook(res, 'danh-muc-thu-tuc.xlsx', 'Danh mục', EXPORT_HEADER.map((header) => ({ header })), rows());
  });

  router.get('/procedures.csv', async (req, res) => {
    const chosen = await downloadFilters(req, res);
    if (!chosen) return;
    res.type('text/csv; charset=utf-8');
    res.attachment('danh-muc-thu-tuc.csv');
    // One write per batch of rows, not one per row: compressing a hundred thousand small writes
    // cost more than the export itself (README, "What the design choices measured").
    // A cell with a line break (steps, documents) is quoted: csv-stringify quotes only the record delimiter itself.
    const lines = (rows: string[][]): string => stringify(rows, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
    const drained = drainWaiter(res);
    res.write(`\ufeff${lines([EXPORT_HEADER])}`);
    for await (const batch of catalogue.exportBatches(chosen.filters, chosen.place)) {
      if (res.destroyed) break;
      // The batch's rows were read in the turn that gave them; written as CSV in turns of their own, a slice
      // of time at most each (a first batch, in code not yet optimised, took 26 ms to write; later ones 4–9 ms).
      await nextTurn();
      const slice = timeSlices();
      for (let from = 0; from < batch.length; from += CSV_ROWS_A_WRITE) {
        await slice();
        if (!res.write(lines(batch.slice(from, from + CSV_ROWS_A_WRITE).map(exportRow)))) await drained();
      }
    }
    res.end();
  });

  const procedurePage = async (code: string, res: Response, format: 'html' | 'json' | 'jsonld', baseUrl: string, placeSlug: string | null = null) => {
    const procedure = await procedures.find(code);
    if (!procedure) {
      if (format === 'html') {
        res.status(404).render('procedure-not-found', { code: code.slice(0, 64) });
      } else res.status(404).json({ error: fill(res.locals.t.procedure.notFound, { code: code.slice(0, 64) }) });
      return;
    }
    if (format === 'json') res.json(procedureJson(procedure));
    else if (format === 'jsonld') res.type('application/ld+json').send(JSON.stringify(procedureJsonLd(procedure, baseUrl), null, 2));
    else {
      // The person's place: its own row, or for a commune the province's rows where it does not carry it.
      const place = placeSlug === null ? null : await catalogue.place(placeSlug);
      let placeProblem: string | null = null;
      if (placeSlug !== null && place === null) {
        res.status(400);
        placeProblem = problemText(res, { param: 'place', value: placeSlug.slice(0, 60), reason: 'unknown' });
      }
      const own = place ? procedure.offerings.filter((o) => o.agencySlug === place.slug && o.status === 'current') : [];
      const serving =
        own.length > 0 || !place?.local ? own : procedure.offerings.filter((o) => o.status === 'current' && o.tiers.split(',').includes('province'));
      res.render('procedure', {
        place,
        placeProblem,
        servingSlugs: serving.map((o) => o.agencySlug),
        procedure,
        detailKeys: PAGE_DETAIL_KEYS,
        sections: detailSections(procedure, PAGE_SECTION_KEYS),
        actions: procedureActions(procedure, config),
        offeringContacts: procedure.offerings.map((o) => contactsView(o.agencyContacts)),
      });
    }
  };

  router.get('/procedures/:code', async (req, res) => {
    const code = req.params.code;
    const baseUrl = `${req.protocol}://${req.get('host')}`;
    if (code.endsWith('.jsonld')) await procedurePage(code.slice(0, -'.jsonld'.length), res, 'jsonld', baseUrl);
    else await procedurePage(code, res, 'html', baseUrl, typeof req.query.place === 'string' && req.query.place.trim() !== '' ? req.query.place.trim().slice(0, 200) : null);
  });

  router.get('/api/procedures/:code', async (req, res) => {
    await procedurePage(req.params.code, res, 'json', '');
  });

  router.get('/agencies', async (_req, res) => {
    await renderInTurns(res, 200, 'agencies', { agencies: await procedures.agencies() });
  });

  return router;
}
