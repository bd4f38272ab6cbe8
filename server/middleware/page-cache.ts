/**
 * Public pages are the same for every anonymous visitor until the catalogue changes (or the day does: the
 * dashboard is "as of today"), so their HTML and JSON are kept per catalogue version, day, language and URL
 * and sent again without querying or rendering. Each is kept gzipped too, compressed once when it is kept:
 * a dashboard page is a small fraction of its size gzipped (README, benchmark), which matters on a phone.
 *
 * Never cached: signed-in users' pages (they carry their name and a CSRF token), answers that set a cookie,
 * and anything but a 200 HTML or JSON answer. Bounded: least recently used pages go first.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';

interface CachedPage {
  type: 'html' | 'json';
  body: Buffer;
  etag: string;
  /** The same bytes gzipped; null when the page is too small to gain from it. */
  gzip: Buffer | null;
  gzipEtag: string;
}

const MAX_URL_CHARS = 600;
/** Below this, gzip headers and the work of inflating cost more than the bytes saved. */
const MIN_GZIP_BYTES = 1024;

export interface PageCacheOptions {
  paths: RegExp;
  maxEntries: number;
  maxPageChars: number;
  /** The day pages are drawn for (Vietnam time): a new day starts an empty cache. */
  today: () => string;
}

function hash(bytes: Buffer): string {
  return crypto.createHash('sha1').update(bytes).digest('base64url');
}

const gzip = promisify(zlib.gzip);

/**
 * A page as it is kept. Compressed on libuv's thread pool, not this thread: a dashboard page of 300 KB
 * takes tens of milliseconds to gzip, which would hold every other request meanwhile.
 */
async function keep(type: CachedPage['type'], text: string): Promise<CachedPage> {
  const body = Buffer.from(text, 'utf8');
  const etag = hash(body);
  return {
    type,
    body,
    etag: `W/"${etag}"`,
    gzip: body.length >= MIN_GZIP_BYTES ? await gzip(body, { level: 6 }) : null,
    gzipEtag: `W/"${etag}-gzip"`,
  };
}

/** Sends a kept page as bytes with its ETag (so a hit neither re-encodes nor re-hashes), gzipped if asked. */
function sendKept(req: Request, res: Response, page: CachedPage): void {
  res.type(page.type).vary('Accept-Encoding');
  if (page.gzip !== null && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.set({ 'Content-Encoding': 'gzip', ETag: page.gzipEtag }).send(page.gzip);
    return;
  }
  res.set('ETag', page.etag).send(page.body);
}

function contentKind(res: Response): CachedPage['type'] | null {
  // res.render sends without a Content-Type; res.send then makes a string HTML.
  const type = res.getHeader('Content-Type');
  if (type === undefined || /^text\/html/.test(String(type))) return 'html';
  if (/^application\/json/.test(String(type))) return 'json';
  return null;
}

export function setUpPageCache(options: PageCacheOptions): RequestHandler {
  let version = -1;
  let day = '';
  const pages = new Map<string, CachedPage>();
  return (req, res, next) => {
    if (req.method !== 'GET' || res.locals.user || !options.paths.test(req.path) || req.originalUrl.length > MAX_URL_CHARS) {
      next();
      return;
    }
    const today = options.today();
    if (res.locals.catalogueVersion !== version || today !== day) {
      pages.clear();
      version = res.locals.catalogueVersion;
      day = today;
    }
    const key = `${res.locals.locale}\u0000${res.locals.showSampleNotice ? 1 : 0}\u0000${req.originalUrl}`;
    const hit = pages.get(key);
    if (hit !== undefined) {
      pages.delete(key);
      pages.set(key, hit);
      sendKept(req, res, hit);
      return;
    }
    const send = res.send.bind(res);
    const pageVersion = version;
    const pageDay = day;
    res.send = (body?: unknown) => {
      const type = contentKind(res);
      if (
        res.statusCode === 200 &&
        res.locals.notForPageCache !== true &&
        type !== null &&
        typeof body === 'string' &&
        body.length <= options.maxPageChars &&
        res.getHeader('Set-Cookie') === undefined &&
        pageVersion === version &&
        pageDay === day
      ) {
        res.send = send;
        keep(type, body).then(
          (page) => {
            // (Kept only if the catalogue and the day are still those it was drawn for.)
            if (pageVersion === version && pageDay === day) {
              pages.set(key, page);
              if (pages.size > options.maxEntries) pages.delete(pages.keys().next().value as string);
            }
            sendKept(req, res, page);
          },
          () => send(body),
        );
        return res;
      }
      return send(body);
    };
    next();
  };
}
