/**
 * Pages that print a row per agency (1,750 in a national catalogue) or per changed offering, drawn in turns of
 * the event loop: their templates are compiled by EJS as async functions and call `await turn()` in their long
 * loops at every row, which yields once a slice of time has passed (db/turns.ts timeSlices), so that drawing
 * one page never holds other requests (issue #14). A
 * template drawn this way includes its partials with `await include(…)`.
 *
 * The templates are compiled once and kept, like Express's `view cache`. EJS keeps compiled templates by file
 * name, and a partial compiled for an async template returns a promise: the partials included from these pages
 * are therefore kept under a key of their own, apart from the copies the other pages include.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { Response } from 'express';
import { VIEWS_DIR } from '../paths';
import { nextTurn, timeSlices } from '../services/turns';

const ASYNC_KEY = '\u0000async';
const compiled = new Map<string, ejs.AsyncTemplateFunction>();
const sources = new Map<string, string>();

function source(file: string, keep: boolean): string {
  let text = keep ? sources.get(file) : undefined;
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    if (keep) sources.set(file, text);
  }
  return text;
}

function template(view: string, keep: boolean): ejs.AsyncTemplateFunction {
  const file = path.join(VIEWS_DIR, `${view}.ejs`);
  const kept = keep ? compiled.get(file) : undefined;
  if (kept) return kept;
  const fn = ejs.compile(source(file, keep), {
    async: true,
    filename: file,
    rmWhitespace: true,
    cache: keep,
    // A partial's source under a name of its own, so that EJS's cache holds its async copy apart (see above).
    // (EJS 3.1 takes both a file name and a template, lib/ejs.js includeFile; its types offer one or the other.)
    includer: ((_original: string, parsed: string) => ({ filename: parsed + ASYNC_KEY, template: source(parsed, keep) })) as unknown as ejs.IncluderCallback,
  });
  if (keep) compiled.set(file, fn);
  return fn;
}

/**
 * Renders `view` (a template written for this) with the app's and response's locals and `locals`, a slice of
 * rows a turn, and sends it with `status`.
 */
export async function renderInTurns(res: Response, status: number, view: string, locals: Record<string, unknown>): Promise<void> {
  const turn = timeSlices();
  const keep = res.app.enabled('view cache');
  const html = await template(view, keep)({ ...res.app.locals, ...res.locals, ...locals, turn });
  res.status(status).type('html').send(html);
}

/**
 * Compiles templates drawn in turns ahead of their first page, one a turn, when templates are kept: a server
 * does this at start (compiling coverage.ejs took 13–16 ms of the first dashboard's time).
 */
export async function compileInTurns(app: { enabled(setting: string): boolean }, views: readonly string[]): Promise<void> {
  if (!app.enabled('view cache')) return;
  for (const view of views) {
    await nextTurn();
    template(view, true);
  }
}
