/**
 * The coverage dashboard, its trends, the quarterly report and the exports. Thin: read the query, ask the
 * coverage service, render. A bad parameter gets the page back with status 400 and an error summary; it is
 * never passed on.
 */
import { Router, type Response } from 'express';
import { nextTurn } from '../services/turns';
import type { Services } from '../services';
import type { Dashboard } from '../services/coverage-service';
import { coverageCsv, coverageJson, coverageTable, reportCsv, reportSheets } from '../coverage/coverage-export';
import { sendSheets, sendWorkbook } from '../http/xlsx-download';
import { renderInTurns } from '../http/render-in-turns';
import { DOCX_TYPE } from '../coverage/coverage-docx';
import { reportDocxAside } from '../coverage/report-docx-thread';
import { parseLetter } from '../coverage/report-letter';
import { dashboardPage, firstChanges, REPORT_CHANGES_SHOWN, reportPage, trendPage } from '../coverage/coverage-pages';
import { parseCsvStyle, parseDashboardQuery, parseReportQuery, parseTrendQuery, type QueryProblem } from '../coverage/coverage-query';
import { problemItems, type DashboardState } from '../coverage/coverage-view';
import { quarterParam } from '../../domain/quarters';

const unknownFields = (fields: string[]): QueryProblem[] => fields.map((value) => ({ param: 'field', value, code: 'field-unknown' }));

export function coverageRoutes({ coverage: service }: Services): Router {
  const router = Router();

  /** `fresh` for a download: its figures wait for the current catalogue's index. */
  async function loadDashboard(query: Record<string, unknown>, fresh = false): Promise<{ dashboard: Dashboard; state: DashboardState; problems: QueryProblem[] }> {
    const parsed = parseDashboardQuery(query, service.today());
    const dashboard = await service.dashboard(parsed.query, { fresh });
    const state = { scope: dashboard.scope, at: parsed.query.at, sort: parsed.query.sort, direction: parsed.query.direction, page: parsed.page, view: dashboard.view };
    return { dashboard, state, problems: [...parsed.problems, ...unknownFields(dashboard.unknownFields)] };
  }

  router.get('/coverage', async (req, res) => {
    const { dashboard, state, problems } = await loadDashboard(req.query);
    // Figures of the previous catalogue, while the new one's index loads: not kept as this version's page.
    if (dashboard.stale) res.locals.notForPageCache = true;
    // The page's figures, then its two tables of up to a hundred agencies (each count linked): each row's
    // cells are shaped as it is drawn, a table a turn (shaping and drawing in one took 60–80 ms at 1,000,000 offerings).
    await nextTurn();
    const page = dashboardPage(dashboard, state, problems, res.locals, service.today());
    await nextTurn();
    await renderInTurns(res, problems.length > 0 ? 400 : 200, 'coverage', page);
  });

  router.get('/api/coverage', async (req, res) => {
    const { dashboard, problems } = await loadDashboard(req.query, true);
    if (problems.length > 0) {
      const messages = problemItems(problems, res.locals.t);
      res.status(400).json({
        error: res.locals.t.errors.title,
        problems: problems.map((p, i) => ({ param: p.param, value: p.value, message: messages[i].text })),
      });
      return;
    }
    res.json(coverageJson(dashboard));
  });

  /** A download asked for with a bad parameter: the problems as plain text, status 400. */
  const refuseDownload = (res: Response, problems: QueryProblem[]): void => {
    const lines = problemItems(problems, res.locals.t).map((p) => `- ${p.text}`);
    res.status(400).type('text/plain; charset=utf-8').send(`${res.locals.t.errors.title}\n${lines.join('\n')}\n`);
  };

  router.get('/coverage.csv', async (req, res) => {
    const { dashboard, problems } = await loadDashboard(req.query, true);
    const style = parseCsvStyle(req.query, problems);
    if (problems.length > 0) {
      refuseDownload(res, problems);
      return;
    }
    res.type('text/csv; charset=utf-8').attachment(`ty-le-dvctt-${dashboard.asOf}.csv`).send(await coverageCsv(dashboard, style));
  });

  router.get('/coverage.xlsx', async (req, res) => {
    const { dashboard, problems } = await loadDashboard(req.query, true);
    if (problems.length > 0) {
      refuseDownload(res, problems);
      return;
    }
    const t = coverageTable(dashboard);
    await sendWorkbook(res, `ty-le-dvctt-${dashboard.asOf}.xlsx`, t.sheet, t.columns, t.batches());
  });

  router.get('/coverage/trend', async (req, res) => {
    const parsed = parseTrendQuery(req.query);
    const trend = await service.trend(parsed.query);
    if (trend.stale) res.locals.notForPageCache = true;
    const problems = [...parsed.problems, ...unknownFields(trend.unknownFields)];
    const wanted = parsed.query.agency;
    const choice = wanted === null ? { place: null, matches: null } : await service.chooseAgency(wanted);
    if (wanted !== null && choice.place === null && choice.matches?.count === 0) problems.push({ param: 'agency', value: wanted.slice(0, 60), code: 'agency-unknown' });
    const matches = choice.matches && choice.matches.count > 0 ? choice.matches : null;
    // The page sorts every agency's changes (7,646 in a national catalogue): a turn for that, another to draw.
    await nextTurn();
    const page = trendPage(trend, { agency: choice.place, matches }, problems, res.locals, parsed.sort, parsed.page);
    await nextTurn();
    await renderInTurns(res, problems.length > 0 ? 400 : 200, 'coverage-trend', page);
  });

  router.get('/coverage/report', async (req, res) => {
    const { quarter, page, problems } = parseReportQuery(req.query, service.today());
    const letter = parseLetter(req.query, problems);
    const report = await service.report(quarter);
    if (report.stale) res.locals.notForPageCache = true;
    const shown = await firstChanges(report.changes, REPORT_CHANGES_SHOWN);
    await nextTurn();
    const shaped = reportPage(report, shown, letter, problems, res.locals, page);
    await nextTurn();
    await renderInTurns(res, problems.length > 0 ? 400 : 200, 'coverage-report', shaped);
  });

  router.get('/coverage/report.csv', async (req, res) => {
    const { quarter, problems } = parseReportQuery(req.query, service.today());
    const style = parseCsvStyle(req.query, problems);
    if (problems.length > 0) {
      refuseDownload(res, problems);
      return;
    }
    const report = await service.report(quarter, { fresh: true });
    res.type('text/csv; charset=utf-8').attachment(`bao-cao-dvctt-${quarterParam(quarter)}.csv`).send(await reportCsv(report, style));
  });

  router.get('/coverage/report.xlsx', async (req, res) => {
    const { quarter, problems } = parseReportQuery(req.query, service.today());
    if (problems.length > 0) {
      refuseDownload(res, problems);
      return;
    }
    await sendSheets(res, `bao-cao-dvctt-${quarterParam(quarter)}.xlsx`, reportSheets(await service.report(quarter, { fresh: true })));
  });

  router.get('/coverage/report.docx', async (req, res) => {
    const { quarter, problems } = parseReportQuery(req.query, service.today());
    const letter = parseLetter(req.query, problems);
    if (problems.length > 0) {
      refuseDownload(res, problems);
      return;
    }
    const report = await service.report(quarter, { fresh: true });
    const file = await reportDocxAside(report, letter, res.locals.showSampleNotice === true);
    res.type(DOCX_TYPE).attachment(`bao-cao-dvctt-${quarterParam(quarter)}.docx`).send(file);
  });

  return router;
}
