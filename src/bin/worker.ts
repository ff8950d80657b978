// First, before anything loads graphql-js: production mode (see production-mode.ts).
import './production-mode.js';
import { startWorker } from '../startup/index.js';
import { runProcess } from './run-process.js';

// `npm run worker`: batch workers without the HTTP server, as many processes (and machines) as
// wanted on one Redis and one PostgreSQL. SIGTERM finishes the chunks in hand, then exits 0.
runProcess('batch worker', startWorker);
