/**
 * Public pages are the same for every anonymous visitor until the catalogue changes, so their HTML is kept
 * per catalogue version, language and URL and sent again without querying or rendering. Signed-in users
 * (whose pages carry their name and a CSRF token) and anything but a 200 HTML answer are never cached.
 * Bounded: least recently used pages go first.
 */
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';

interface CachedPage {
  body: Buffer;
  etag: string;
}

const MAX_URL_CHARS = 600;

export function setUpPageCache(options: { paths: RegExp; maxEntries: number; maxPageChars: number }): RequestHandler {
  let version = -1;
  const pages = new Map<string, CachedPage>();
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
      // Kept as bytes with their ETag, so a hit neither re-encodes nor re-hashes the page.
      res.type('html').set('ETag', hit.etag).send(hit.body);
      return;
    }
    const send = res.send.bind(res);
    const pageVersion = version;
    res.send = (body?: unknown) => {
      // res.render sends without a Content-Type; res.send then makes a string HTML.
      const type = res.getHeader('Content-Type');
      const html = type === undefined || /^text\/html/.test(String(type));
      if (res.statusCode === 200 && html && typeof body === 'string' && body.length <= options.maxPageChars && pageVersion === version) {
        const bytes = Buffer.from(body, 'utf8');
        pages.set(key, { body: bytes, etag: `W/"${crypto.createHash('sha1').update(bytes).digest('base64url')}"` });
        if (pages.size > options.maxEntries) pages.delete(pages.keys().next().value as string);
      }
      return send(body);
    };
    next();
  };
}
