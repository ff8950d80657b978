// Offers: the console's build (vite, run when its sources changed) and where its sources, output and generated operation types live.
// Keeps: the source hash stamped on a build.
export { buildConsole, consoleBuildIsStale, consoleSourceHash, ensureConsoleBuilt } from './build.js';
export { CONSOLE_DIST_DIR, CONSOLE_SOURCE_DIR, OPERATION_TYPES_DIR } from './paths.js';
