/**
 * The web import for staff: upload → preview (nothing written) → confirm or cancel; the list of imports and
 * each one's report; undo for administrators.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import { parse } from 'csv-parse';
import type { RouteDeps } from '../app';
import { isIsoDate } from '../../domain/time';
import { fill } from '../format';
import { receiveUpload, type UploadProblem } from '../http/upload';
import { sendWorkbook, type XlsxColumn, type XlsxValue } from '../http/xlsx-download';
import { PROBLEM_COLUMNS } from '../../imports/report-format';
import { isValidCsrf, refuseCsrf } from '../middleware/csrf';
import { requireRole } from '../middleware/require-role';
import type { Services } from '../services';
import { CHANGES_PAGE_SIZE, errorsPath, type StoredReport } from '../services/import-jobs';
import { pageCountOf, pageLinks, readPage, requestedPage } from '../pagination';
import { clientAddress } from '../http/client-address';
import { readCookie } from '../http/cookies';
import { changeWords } from '../imports/change-words';
import type { OfferingChange } from '../../imports/run-import';
import { progressView, type ProgressFigures } from '../imports/progress-words';

type UndoResult = Awaited<ReturnType<Services['importRuns']['undo']>['result']>;

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
/** How long a request waits for a job before showing the progress page instead. */
const WAIT_MS = 1500;
/** How long an undo's request waits for it before showing its progress page (undo of 120,000 offerings: a few seconds). */
const UNDO_WAIT_MS = 5000;
/** A running undo's progress row that has not moved for this long is taken as left by a stopped instance. */
const UNDO_STALE_MS = 10 * 60_000;
const RUNS_PER_PAGE = 50;
/** Set when a clerk's confirmed upload lands on its import's page: that page then opens with a success panel. */
const DONE_COOKIE = 'import-done';

/** The errors file's columns in a workbook: the rows as numbers. */
const PROBLEM_XLSX_COLUMNS: XlsxColumn[] = PROBLEM_COLUMNS.map((header, i) => ({ header, format: i === 0 || i === 5 ? 'integer' : 'text' }));

/** The rows of an errors CSV, the apostrophe it puts before formula-like text taken off (a workbook's text cell never runs). */
async function* problemRowsFromCsv(file: string): AsyncGenerator<XlsxValue[][]> {
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, from_line: 2, relax_column_count: true }));
  let batch: XlsxValue[][] = [];
  for await (const cells of parser as AsyncIterable<string[]>) {
    batch.push(
      cells.map((cell, i) => {
        if (i === 0 || i === 5) return cell === '' ? null : Number(cell);
        return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
      }),
    );
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** "30/06/2020", "30-6-2020" or "2020-06-30" → "2020-06-30"; '' → null; anything else → undefined. */
export function parseDateInput(value: string | undefined): string | null | undefined {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : undefined;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

export function importRoutes({ uploads, importRuns, importJobs: jobs }: Services, { config, clock }: RouteDeps): Router {
  const router = Router();
  const staff = requireRole('staff');
  const admin = requireRole('admin');
  const limitText = formatSize(config.uploadLimitBytes);

  const renderNew = (res: Response, status: number, errors: { text: string; href?: string }[], values = { skipInvalid: false, withdrawMissing: false, asOf: '' }) =>
    res.status(status).render('import-new', { errors, values, limitText });

  router.get('/imports/new', staff, (_req, res) => renderNew(res, 200, []));

  router.post('/imports', staff, async (req, res) => {
    const t = res.locals.t.imports;
    const token = crypto.randomBytes(18).toString('base64url');
    const received = await receiveUpload(req, {
      dir: config.uploadDir,
      limitBytes: config.uploadLimitBytes,
      token,
      checkCsrf: (value) => isValidCsrf(req, res, config, value),
    });
    if (received.problem === 'csrf') {
      refuseCsrf(res);
      return;
    }
    const values = {
      skipInvalid: received.fields.skipInvalid === 'yes',
      withdrawMissing: received.fields.withdrawMissing === 'yes',
      asOf: (received.fields.asOf ?? '').slice(0, 40),
    };
    const errors: { text: string; href?: string }[] = [];
    const problemText: Record<Exclude<UploadProblem, 'csrf'>, string> = {
      'not-multipart': t.errors.notMultipart,
      'no-file': t.errors.noFile,
      empty: t.errors.emptyFile,
      'too-large': fill(t.errors.tooLarge, { limit: limitText }),
    };
    if (received.problem) errors.push({ text: problemText[received.problem], href: '#file' });
    const asOf = parseDateInput(received.fields.asOf);
    if (asOf === undefined) errors.push({ text: fill(t.errors.badDate, { value: values.asOf }), href: '#asOf' });
    if (errors.length > 0 || !received.file) {
      if (received.file) fs.rmSync(received.file.path, { force: true });
      renderNew(res, received.problem === 'too-large' ? 413 : 400, errors, values);
      return;
    }
    const now = clock.now().toISOString();
    await uploads.create({
      token,
      userId: res.locals.user!.id,
      fileName: received.file.name,
      storedPath: received.file.path,
      sizeBytes: received.file.sizeBytes,
      sha256: received.file.sha256,
      options: { skipInvalid: values.skipInvalid, withdrawMissing: values.withdrawMissing, asOf: asOf ?? null },
      createdAt: now,
      now,
    });
    jobs.preview((await uploads.find(token))!);
    await jobs.wait(token, WAIT_MS);
    res.redirect(303, `/imports/uploads/${token}`);
  });

  const loadUpload = async (token: string, res: Response, { committedToo = false } = {}) => {
    const found = TOKEN.test(token) ? await uploads.find(token) : null;
    // An upload is the clerk's who made it (and the administrators'): to anyone else it does not exist. Once
    // committed, what it shows (changes, errors file) belongs to the import, which every staff member sees.
    const user = res.locals.user!;
    const visible = found && (found.userId === user.id || user.role === 'admin' || (committedToo && found.status === 'committed'));
    const upload = visible ? found : null;
    if (!upload) {
      res.status(404).render('error', { title: res.locals.t.errors.notFoundTitle, message: res.locals.t.errors.notFound, detail: null });
      return null;
    }
    return upload;
  };

  /** What the work has counted, for the page and its poll (nothing yet: it waits its turn). */
  const figures = (found: Awaited<ReturnType<typeof jobs.progressOf>>, phase: ProgressFigures['phase'], total: number | null, totalBytes: number): ProgressFigures =>
    found && found.phase === phase ? found : { phase, done: 0, total, bytesRead: 0, totalBytes, rate: null };
  const viewOf = (res: Response, p: ProgressFigures) => progressView(p, res.locals.t.imports.progress, res.locals.formatNumber);

  const uploadFigures = async (upload: NonNullable<Awaited<ReturnType<typeof uploads.find>>>) =>
    figures(await jobs.progressOf({ token: upload.token }), upload.status === 'committing' ? 'committing' : 'checking', null, upload.sizeBytes);

  router.get('/imports/uploads/:token', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res);
    if (!upload) return;
    if (upload.status === 'checking' || upload.status === 'committing') {
      const ti = res.locals.t.imports;
      const url = `/imports/uploads/${upload.token}`;
      res.render('import-progress', {
        title: ti.progressTitle,
        fileName: upload.fileName,
        lead: upload.status === 'committing' ? ti.progressCommitting : ti.progressChecking,
        view: viewOf(res, await uploadFigures(upload)),
        pollUrl: `${url}/progress.json`,
        reloadUrl: url,
      });
      return;
    }
    if (upload.status === 'committed' && upload.importId !== null) {
      // The clerk who confirmed sees a success panel on the import's page, once (the page's address stays the import's).
      if (upload.userId === res.locals.user!.id) res.cookie(DONE_COOKIE, String(upload.importId), { httpOnly: true, sameSite: 'lax', maxAge: 10 * 60_000, path: '/imports' });
      res.redirect(303, `/imports/${upload.importId}`);
      return;
    }
    if (upload.status === 'cancelled' || upload.status === 'failed') {
      const t = res.locals.t.imports;
      const cancelled = upload.status === 'cancelled';
      res.render('error', { title: cancelled ? t.cancelledTitle : t.failedTitle, message: cancelled ? t.cancelled : t.failed, detail: null });
      return;
    }
    const report = upload.report as StoredReport;
    const changeCount = report.counts.inserted + report.counts.updated + report.counts.withdrawn;
    const pageCount = pageCountOf(changeCount, CHANGES_PAGE_SIZE);
    const page = Math.min(requestedPage(req.query.page), pageCount);
    const changes = upload.status === 'previewed' || upload.status === 'refused' ? await jobs.changes(upload, page) : [];
    const pageHref = (n: number) => `/imports/uploads/${upload.token}${n > 1 ? `?page=${n}` : ''}#changes`;
    res.status(upload.status === 'refused' ? 422 : 200).render('import-preview', {
      upload,
      report,
      changes,
      page,
      pages: pageLinks(page, pageCount, pageHref),
      describeChange: (change: OfferingChange) => changeWords(change, res.locals.t.imports.words),
    });
  });

  // The progress page's poll: the clerk's own upload (or an administrator's view of it); 404 to anyone else.
  router.get('/imports/uploads/:token/progress.json', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res);
    if (!upload) return;
    const next = `/imports/uploads/${upload.token}`;
    if (upload.status !== 'checking' && upload.status !== 'committing') {
      res.json({ state: 'finished', next });
      return;
    }
    res.json({ state: 'running', next, ...viewOf(res, await uploadFigures(upload)) });
  });

  // A file refused for its invalid rows: check the same upload again, skipping them, and preview it.
  router.post('/imports/uploads/:token/skip-invalid', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res);
    if (!upload) return;
    const report = upload.report as StoredReport | null;
    if (upload.status === 'refused' && report && !report.fileError && report.errorCount > 0 && report.counts.rejected < report.counts.rowsRead) {
      const again = await uploads.skipInvalid(upload, clock.now().toISOString());
      if (again) {
        jobs.preview(again);
        await jobs.wait(upload.token, WAIT_MS);
      }
    }
    res.redirect(303, `/imports/uploads/${upload.token}`);
  });

  router.get('/imports/uploads/:token/errors.csv', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res, { committedToo: true });
    if (!upload) return;
    const file = errorsPath(upload);
    if (!fs.existsSync(file)) {
      res.status(404).type('text/plain').send(res.locals.t.errors.notFound);
      return;
    }
    res.type('text/csv; charset=utf-8');
    res.attachment(`loi-${path.parse(upload.fileName).name}.csv`);
    fs.createReadStream(file).pipe(res);
  });

  // A workbook of several sheets: check another one of them (the preview offers the choice).
  router.post('/imports/uploads/:token/sheet', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res);
    if (!upload) return;
    const sheet = typeof req.body?.sheet === 'string' ? req.body.sheet : '';
    const sheets = (upload.report as StoredReport | null)?.workbook?.sheets ?? [];
    if (!sheets.includes(sheet)) {
      res.status(400).render('error', { title: res.locals.t.errors.title, message: fill(res.locals.t.imports.errors.badSheet, { sheet: sheet.slice(0, 100) }), detail: null });
      return;
    }
    const chosen = await uploads.chooseSheet(upload, sheet, clock.now().toISOString());
    if (chosen) {
      jobs.preview(chosen);
      await jobs.wait(upload.token, WAIT_MS);
    }
    res.redirect(303, `/imports/uploads/${upload.token}`);
  });

  // The same problems as a workbook: read back from the errors CSV the preview wrote.
  router.get('/imports/uploads/:token/errors.xlsx', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res, { committedToo: true });
    if (!upload) return;
    const file = errorsPath(upload);
    if (!fs.existsSync(file)) {
      res.status(404).type('text/plain').send(res.locals.t.errors.notFound);
      return;
    }
    await sendWorkbook(res, `loi-${path.parse(upload.fileName).name}.xlsx`, 'Lỗi', PROBLEM_XLSX_COLUMNS, problemRowsFromCsv(file));
  });

  router.post('/imports/uploads/:token/confirm', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res);
    if (!upload) return;
    // Only one confirmation moves a preview on: a second click finds it committing or committed.
    if (await uploads.move(upload.token, ['previewed'], 'committing', clock.now().toISOString())) {
      jobs.commit(upload, res.locals.user!.username, clientAddress(req));
      await jobs.wait(upload.token, WAIT_MS);
    }
    res.redirect(303, `/imports/uploads/${upload.token}`);
  });

  router.post('/imports/uploads/:token/cancel', staff, async (req, res) => {
    const upload = await loadUpload(String(req.params.token), res);
    if (!upload) return;
    if (await uploads.move(upload.token, ['previewed', 'refused'], 'cancelled', clock.now().toISOString())) jobs.removeFiles(upload);
    res.redirect(303, `/imports/uploads/${upload.token}`);
  });

  router.get('/imports', staff, async (req, res) => {
    const { page, pageCount, result } = await readPage(requestedPage(req.query.page), RUNS_PER_PAGE, importRuns.list);
    res.render('imports-list', {
      runs: result.runs,
      total: result.total,
      pages: pageLinks(page, pageCount, (n) => `/imports?page=${n}`),
    });
  });

  type Notice = { kind: 'ok' | 'problem'; text: string; blocking?: { code: string; agency: string; laterImportId: number | null }[] };
  const notFound = (res: Response) =>
    res.status(404).render('error', { title: res.locals.t.errors.notFoundTitle, message: res.locals.t.errors.notFound, detail: null });

  const runPage = async (id: string, res: Response, status = 200, notice: Notice | null = null, page = 1, committed = false) => {
    const run = /^\d{1,9}$/.test(id) ? await importRuns.find(Number(id)) : null;
    if (!run) {
      notFound(res);
      return;
    }
    // What the web upload's preview recorded stays with the import: its changes, its skipped rows, its errors file.
    const upload = await uploads.ofImport(run.id);
    const report = (upload?.report ?? null) as StoredReport | null;
    const changeCount = run.inserted + run.updated + run.withdrawn;
    const pageCount = pageCountOf(changeCount, CHANGES_PAGE_SIZE);
    const shown = Math.min(page, pageCount);
    const changes = upload ? await jobs.changes(upload, shown) : [];
    const admins = res.locals.user!.role === 'admin' ? [] : await importRuns.administrators();
    res.status(status).render('import-run', {
      run,
      notice,
      committed,
      upload,
      report,
      changes,
      page: shown,
      pages: pageLinks(shown, pageCount, (n) => `/imports/${run.id}${n > 1 ? `?page=${n}` : ''}#changes`),
      describeChange: (change: OfferingChange) => changeWords(change, res.locals.t.imports.words),
      admins,
      errorsFile: upload !== null && fs.existsSync(errorsPath(upload)) && (report?.errorCount ?? 0) + (report?.warningCount ?? 0) > 0,
    });
  };

  router.get('/imports/:id', staff, async (req, res) => {
    const committed = readCookie(req.headers.cookie, DONE_COOKIE) === String(req.params.id);
    if (committed) res.clearCookie(DONE_COOKIE, { path: '/imports' });
    await runPage(String(req.params.id), res, 200, null, requestedPage(req.query.page), committed);
  });

  const undoPage = async (id: string, res: Response, status = 200, errors: { text: string; href?: string }[] = []) => {
    const run = /^\d{1,9}$/.test(id) ? await importRuns.find(Number(id)) : null;
    if (!run) {
      notFound(res);
      return;
    }
    if (run.status !== 'committed') {
      res.redirect(303, `/imports/${run.id}`);
      return;
    }
    res.status(status).render('import-undo', { run, plan: await importRuns.undoPlan(run.id), errors });
  };

  // Undo asks first: what will be undone, in the numbers the undo will then report.
  router.get('/imports/:id/undo', admin, async (req, res) => undoPage(String(req.params.id), res));

  router.post('/imports/:id/undo', admin, async (req, res) => {
    const t = res.locals.t.imports;
    if (!/^\d{1,9}$/.test(String(req.params.id))) {
      await runPage(String(req.params.id), res);
      return;
    }
    const id = Number(String(req.params.id));
    // Only an explicit confirmation undoes: a bare or forged POST shows the question again.
    if (req.body?.confirm !== 'yes') {
      await undoPage(String(id), res, 400, [{ text: t.undoConfirmMissing, href: '#confirm' }]);
      return;
    }
    // An import is undone once: undone already, it says so; under way (here or on another instance), the
    // request follows that undo's progress page rather than starting a second one.
    const run = await importRuns.find(id);
    if (!run) return notFound(res);
    if (run.status === 'undone') return undoOutcome(String(id), res, { ok: false, reason: 'already-undone' });
    if (await undoRunningElsewhere(id)) {
      res.redirect(303, `/imports/${id}/undo/progress`);
      return;
    }
    const user = res.locals.user!;
    const { result: undo, joined } = importRuns.undo(id, { name: user.username, address: clientAddress(req), now: clock.now(), userId: user.id });
    if (joined) {
      res.redirect(303, `/imports/${id}/undo/progress`);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([undo, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), UNDO_WAIT_MS)))]);
    clearTimeout(timer);
    if (result === null) {
      // A large undo goes on; its progress page follows it (a failure there is shown, and logged by the jobs).
      undo.catch(() => undefined);
      res.redirect(303, `/imports/${id}/undo/progress`);
      return;
    }
    await undoOutcome(String(id), res, result);
  });

  /** Another instance's undo of the import is under way: its progress row is running and moved lately. */
  const undoRunningElsewhere = async (id: number) => {
    const found = await jobs.progressOf({ undo: id });
    return found !== null && found.state === 'running' && clock.now().getTime() - Date.parse(found.updatedAt) < UNDO_STALE_MS;
  };

  /** The import's page with what the undo did, in the numbers the undo page promised. */
  const undoOutcome = async (id: string, res: Response, result: UndoResult) => {
    const t = res.locals.t.imports;
    if (result.ok) {
      const count: (n: number) => string = res.locals.formatNumber;
      const text = fill(t.undone, { id, restored: count(result.restored), removed: count(result.removed), procedures: count(result.procedures) });
      await runPage(id, res, 200, { kind: 'ok', text });
    } else if (result.reason === 'conflict') {
      await runPage(id, res, 409, { kind: 'problem', text: t.undoConflict, blocking: result.blocking });
    } else if (result.reason === 'already-undone') {
      await runPage(id, res, 409, { kind: 'problem', text: t.undoAlready });
    } else await runPage(id, res);
  };

  /** An undo's progress, and whether this instance has it queued or running (then it is shown as under way). */
  const undoFigures = async (id: number) => {
    const underWay = jobs.undoUnderWay(id);
    const found = await jobs.progressOf({ undo: id });
    const running = found?.state === 'running' ? found : null;
    // Waiting its turn, it moves towards what the undo page promised.
    const waiting = underWay && !running ? await importRuns.undoPlan(id) : null;
    return { found, underWay, figures: figures(underWay ? running : found, 'undoing', waiting && waiting.restored + waiting.removed, 0) };
  };

  /** No progress kept (it goes after a day): an undone import says so; anything else is not there. */
  const undoWithoutProgress = async (idText: string, res: Response) => {
    const run = await importRuns.find(Number(idText));
    if (run?.status === 'undone') return undoOutcome(idText, res, { ok: false, reason: 'already-undone' });
    notFound(res);
  };

  // A large undo's progress; once it is done, what it did (the same words as an undo that finished at once).
  router.get('/imports/:id/undo/progress', admin, async (req, res) => {
    const idText = String(req.params.id);
    if (!/^\d{1,9}$/.test(idText)) return notFound(res);
    const { found, figures: p, underWay } = await undoFigures(Number(idText));
    if (!found && !underWay) return undoWithoutProgress(idText, res);
    if (!underWay && found?.state === 'finished' && found.result) return undoOutcome(idText, res, found.result as UndoResult);
    if (!underWay && found?.state === 'failed') {
      const t = res.locals.t.imports;
      res.status(500).render('error', { title: t.failedTitle, message: t.failed, detail: null });
      return;
    }
    const tp = res.locals.t.imports.progress;
    const url = `/imports/${idText}/undo/progress`;
    res.render('import-progress', {
      title: fill(tp.undoTitle, { id: idText }),
      fileName: null,
      lead: tp.undoing,
      view: viewOf(res, p),
      pollUrl: `${url}.json`,
      reloadUrl: url,
    });
  });

  router.get('/imports/:id/undo/progress.json', admin, async (req, res) => {
    const idText = String(req.params.id);
    if (!/^\d{1,9}$/.test(idText)) return notFound(res);
    const { found, figures: p, underWay } = await undoFigures(Number(idText));
    if (!found && !underWay) return notFound(res);
    const next = `/imports/${idText}/undo/progress`;
    if (!underWay && found && found.state !== 'running') {
      res.json({ state: found.state, next });
      return;
    }
    res.json({ state: 'running', next, ...viewOf(res, p) });
  });

  return router;
}
