/**
 * Builds the Express application from its dependencies. Nothing here listens or opens anything: the
 * entry point (main.ts) and the tests decide that.
 */
import express from 'express';
import helmet from 'helmet';
import type { CatalogueDb } from '../db/connection';
import type { Config } from './config';
import type { Clock } from '../imports/run-import';
import { errorHandler, notFoundHandler } from './middleware/error-handler';
import { setUpLocale } from './middleware/locale';
import { STATIC_DIR, VIEWS_DIR } from './paths';
import { homeRoutes } from './routes/home-routes';
import { coverageRoutes } from './routes/coverage-routes';
import { hasSampleImport } from '../db/catalogue-repository';

export interface AppDeps {
  db: CatalogueDb;
  config: Config;
  clock: Clock;
  /** Where unexpected errors are logged (tests pass a quiet one). */
  log?: (error: unknown) => void;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  app.disable('x-powered-by');

  app.use(setUpWebSecurity());
  app.use('/static', express.static(STATIC_DIR, { maxAge: deps.config.production ? '1d' : 0 }));
  app.use(setUpLocale());
  app.use(async (_req, res, next) => {
    res.locals.showSampleNotice = await hasSampleImport(deps.db.kysely);
    next();
  });

  app.use(homeRoutes(deps));
  app.use(coverageRoutes(deps));

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
