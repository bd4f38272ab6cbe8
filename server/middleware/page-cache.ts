/**
 * Public pages are the same for every anonymous visitor until the catalogue changes, so their HTML is kept
 * per catalogue version, language and URL and sent again without querying or rendering. Signed-in users
 * (whose pages carry their name and a CSRF token) and anything but a 200 HTML answer are never cached.
 * Bounded: least recently used pages go first.
 */
import type { RequestHandler } from 'express';

const MAX_URL_CHARS = 600;

export function setUpPageCache(options: { paths: RegExp; maxEntries: number; maxPageChars: number }): RequestHandler {
  let version = -1;
  const pages = new Map<string, string>();
  return (req, res, next) => {
    if (req.method !== 'GET' || res.locals.user || !options.paths.test(req.path) || req.originalUrl.length > MAX_URL_CHARS) {
      next();
      return;
    }
    if (res.locals.catalogueVersion !== version) {
      pages.clear();
      version = res.locals.catalogueVersion;
    }
    const key = `${res.locals.locale}\u0000${res.locals.showSampleNotice ? 1 : 0}\u0000${req.originalUrl}`;
    const hit = pages.get(key);
    if (hit !== undefined) {
      pages.delete(key);
      pages.set(key, hit);
      res.type('html').send(hit);
      return;
    }
    const send = res.send.bind(res);
    const pageVersion = version;
    res.send = (body?: unknown) => {
      const html = /^text\/html/.test(String(res.getHeader('Content-Type') ?? ''));
      if (res.statusCode === 200 && html && typeof body === 'string' && body.length <= options.maxPageChars && pageVersion === version) {
        pages.set(key, body);
        if (pages.size > options.maxEntries) pages.delete(pages.keys().next().value as string);
      }
      return send(body);
    };
    next();
  };
}
