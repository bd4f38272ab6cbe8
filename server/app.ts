/**
 * Builds the Express application from its dependencies. Nothing here listens or opens anything: the
 * entry point (main.ts) and the tests decide that.
 */
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import type { CatalogueDb } from '../db/connection';
import type { Config } from './config';
import { vietnamDate, type Clock } from '../domain/time';
import { errorHandler, notFoundHandler } from './middleware/error-handler';
import { setUpLocale } from './middleware/locale';
import { setUpCsrf } from './middleware/csrf';
import { setUpWebSession } from './middleware/session';
import { authRoutes } from './routes/auth-routes';
import { adminRoutes } from './routes/admin-routes';
import { accountRoutes } from './routes/account-routes';
import { agencyRoutes } from './routes/agency-routes';
import { importRoutes } from './routes/import-routes';
import type { ImportJobs } from './services/import-jobs';
import { STATIC_DIR, VIEWS_DIR } from './paths';
import { catalogueRoutes } from './routes/catalogue-routes';
import { homeRoutes } from './routes/home-routes';
import { coverageRoutes } from './routes/coverage-routes';
import { services as buildServices } from './services';
import { setUpPageCache } from './middleware/page-cache';
import { warmWorkbooks } from './http/xlsx-download';
import { compileInTurns } from './http/render-in-turns';

export interface AppDeps {
  db: CatalogueDb;
  config: Config;
  clock: Clock;
  /** Where unexpected errors are logged (tests pass a quiet one). */
  log?: (error: unknown) => void;
  /** The web import's job runner (made here when not given; tests and main pass one to close it). */
  jobs?: ImportJobs;
  /**
   * Load the catalogue index, count the dashboard's figures and write a first workbook at once, so that the first
   * visitor's list, dashboard and download do not wait for them (main).
   */
  warmIndex?: boolean;
}

/** What routes get besides the services: never the database itself. */
export type RouteDeps = Pick<AppDeps, 'config' | 'clock'>;

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Compiled templates (and the partials they include) are kept: recompiling them per request cost more than
  // the database work on a list page. Restart the server after editing a view.
  app.set('view cache', true);
  app.set('query parser', 'simple');
  // Leading and trailing spaces of each template line are dropped: a list page is a fifth lighter to send.
  app.locals.rmWhitespace = true;
  app.disable('x-powered-by');

  app.use(setUpWebSecurity());
  app.use('/static', compression(), express.static(STATIC_DIR, { maxAge: deps.config.production ? '1d' : 0 }));
  if (deps.config.trustProxy !== false) app.set('trust proxy', deps.config.trustProxy);
  app.use(setUpLocale());
  const services = buildServices({ ...deps, listThread: deps.config.listThread });
  if (deps.warmIndex) {
    services.catalogue
      .warm()
      .then(() => services.coverage.warm())
      .then(() => warmWorkbooks())
      .then(() => compileInTurns(app, ['coverage', 'coverage-trend', 'coverage-report', 'agencies']))
      .catch(deps.log ?? console.error);
  }
  app.use(setUpWebSession(services.sessions, deps.config, deps.clock));
  // A signed-in user's pages and downloads carry their name, their uploads, the audit log: never kept by a
  // browser's back-forward store, a shared computer's cache or a proxy.
  app.use((_req, res, next) => {
    if (res.locals.user) res.set('Cache-Control', 'no-store');
    next();
  });
  app.use((_req, res, next) => {
    const apply = (status: { version: number; sample: boolean }) => {
      res.locals.catalogueVersion = status.version;
      res.locals.showSampleNotice = status.sample;
      next();
    };
    const status = services.catalogueStatus();
    if (status instanceof Promise) status.then(apply, next);
    else apply(status);
  });
  // Before the body parser and the CSRF check: a kept page needs neither.
  app.use(
    setUpPageCache({
      paths: /^\/(procedures(\/[^/]+)?|agencies(\/[^/]+)?|coverage(\/trend|\/report)?|api\/(procedures(\/[^/]+)?|agencies\/[^/]+|coverage))?$/,
      maxEntries: 300,
      maxPageChars: 3_000_000,
      today: () => vietnamDate(deps.clock.now()),
    }),
  );
  // What the page cache does not answer (signed-in pages, exports, errors) goes out compressed when the client
  // accepts it: the catalogue CSV of 117,587 offerings is 40 MB, 2.1 MB with brotli. After the cache, so that a
  // kept page, already gzipped, costs nothing more (measured: 5–7 % of the requests a second before it). Never
  // a page with a CSRF token (server/middleware/csrf.ts).
  app.use(compression({ filter: (req, res) => !(res as express.Response).locals.carriesCsrfToken && compression.filter(req, res) }));
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 100 }));
  // The streamed upload is the one route that reads its token itself (before the file): see import-routes.ts.
  app.use(setUpCsrf(deps.config, [{ method: 'POST', path: '/imports' }, { method: 'POST', path: '/imports/agencies' }]));

  const routeDeps: RouteDeps = { config: deps.config, clock: deps.clock };
  app.use(authRoutes(services, routeDeps));
  app.use(agencyRoutes(services, routeDeps));
  app.use(importRoutes(services, routeDeps));
  app.use(adminRoutes(services, routeDeps));
  app.use(accountRoutes(services, routeDeps));
  app.use(homeRoutes(services));
  app.use(catalogueRoutes(services, deps.config));
  app.use(coverageRoutes(services));

  app.use(notFoundHandler());
  app.use(errorHandler(deps.config.production, deps.log));
  return app;
}

/** Security headers; the Content-Security-Policy allows no inline script at all. */
function setUpWebSecurity(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}
