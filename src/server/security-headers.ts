import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Every response the hub serves (JSON, GraphQL, CSV, the printable report) loads nothing: no
 * scripts, no external resources, no frames. The printable report needs its one inline <style>.
 */
const HUB_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ['data:'],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * bull-board's page (/admin/queues): its scripts, styles and images from its own static files, an
 * inline JSON config (not a script), inline styles on its loading screen, and its API calls, all
 * same-origin. Its Google Fonts link is not allowed: the dashboard falls back to system fonts.
 */
const DASHBOARD_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * The console and GraphiQL (/console, /graphiql): scripts, styles, fonts and Monaco's workers from
 * the hub's own files only, API calls to the hub only. Inline styles are allowed: React style
 * attributes and Monaco's editor set them; inline scripts are not.
 */
const CONSOLE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    workerSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** The development identity provider's sign-in page (/dev-idp): its inline style, its forms posting to itself. */
const DEV_IDP_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * helmet on every route, mounted before all of them: CSP above, X-Content-Type-Options nosniff,
 * X-Frame-Options DENY (and frame-ancestors 'none'), Referrer-Policy no-referrer,
 * Cross-Origin-Opener/Resource-Policy same-origin, no X-Powered-By. HSTS is sent too; browsers
 * heed it only over https (TLS ends in front of the hub).
 */
export function installSecurityHeaders(app: Express): void {
  app.use(
    helmet({
      contentSecurityPolicy: HUB_CSP,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  app.use('/admin/queues', helmet.contentSecurityPolicy(DASHBOARD_CSP), hidePoweredBy);
  app.use(['/console', '/graphiql'], helmet.contentSecurityPolicy(CONSOLE_CSP));
  app.use('/dev-idp', helmet.contentSecurityPolicy(DEV_IDP_CSP));
}

/** bull-board's router is an Express app of its own, which would announce itself in X-Powered-By. */
function hidePoweredBy(_req: Request, res: Response, next: NextFunction): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) => (name.toLowerCase() === 'x-powered-by' ? res : setHeader(name, value));
  next();
}
