/**
 * The one place unexpected errors end up: a safe page (no stack trace in production), logged once.
 * A 404 handler sits just before it.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DatabaseBusyError } from '../services';
import { DEFAULT_LOCALE, messagesFor } from '../i18n';
import { setUpLocale } from './locale';

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    const t = res.locals.t ?? messagesFor(DEFAULT_LOCALE);
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(404).json({ error: t.errors.notFoundTitle });
      return;
    }
    res.status(404).render('error', { title: t.errors.notFoundTitle, message: t.errors.notFound, detail: null });
  };
}

export function errorHandler(production: boolean, log: (error: unknown) => void = console.error): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // The error may have struck before the page's locals were set: the error page needs them.
    if (!res.locals.t) setUpLocale()(req, res, () => undefined);
    res.locals.showSampleNotice ??= false;
    const t = res.locals.t;
    if (error instanceof DatabaseBusyError) {
      // A write to the catalogue while an import holds it: nothing happened, and trying later will work.
      res.status(409).set('Retry-After', '60');
      if (req.accepts(['html', 'json']) === 'json') res.json({ error: t.errors.busy });
      else res.render('error', { title: t.errors.busyTitle, message: t.errors.busy, detail: null });
      return;
    }
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status >= 500) log(error);
    // Client errors raised by Express itself (a malformed URL, a body too large) say what they are.
    const message = status >= 500 ? t.errors.serverError : (error.expose && error.message) || t.errors.title;
    const detail = production || status < 500 ? null : String(error?.stack ?? error);
    res.status(status);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: message });
      return;
    }
    res.render('error', { title: t.errors.title, message, detail }, (renderError: Error | null, html?: string) => {
      // If the error page itself cannot be drawn, fall back to plain text rather than a second failure.
      if (renderError) res.type('text/plain').send(message);
      else res.send(html);
    });
  };
}
