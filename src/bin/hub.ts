import { startHub } from '../startup/index.js';
import { runProcess } from './run-process.js';

// `npm start`: the GraphQL hub, with an inline batch worker unless WORKER=off (src/startup).
runProcess('verification hub', startHub);
