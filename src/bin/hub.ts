// First, before anything loads graphql-js: production mode (see production-mode.ts).
import './production-mode.js';
import { startHub } from '../startup/index.js';
import { runProcess } from './run-process.js';

// `npm start`: the GraphQL hub, with an inline batch worker unless WORKER=off (src/startup).
runProcess('verification hub', startHub);
