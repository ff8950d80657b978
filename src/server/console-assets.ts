import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type Response } from 'express';

/** Where console/vite.config.ts writes the build (src/console-build builds it; the server only reads it). */
const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/**
 * The built console (dist/console, made by `npm run build:console`, which `npm ci` and `npm start`
 * run): hashed assets under /console/assets cached for a year (a new build has new names), the two
 * pages never cached, so a deployment is seen at the next load. `/` leads to the console. Every
 * other path under /console/ is the console's page too (its own navigation).
 */
export function mountConsoleAssets(app: Express, distDir: string = CONSOLE_DIST_DIR): void {
  const page = (file: string) => (_req: Request, res: Response) => {
    const path = join(distDir, file);
    if (!existsSync(path)) {
      res.status(503).type('text/plain').send('the console is not built: run `npm run build:console` (npm ci and npm start do it)');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(path);
  };
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use('/console/assets', express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false, redirect: false }));
  const consolePage = page('index.html');
  // Express matches `/console` and `/console/` alike: only the former is sent on (relative asset URLs need the slash).
  app.get('/console{/*rest}', (req, res) => (req.originalUrl.split('?')[0] === '/console' ? res.redirect(301, '/console/') : consolePage(req, res)));
  app.get('/graphiql', page('graphiql.html'));
}
