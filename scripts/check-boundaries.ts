import { fileURLToPath } from 'node:url';
import { checkBoundaries, describeReport, type BoundaryCheck } from './boundaries/index.js';

/**
 * `npm run check:boundaries`: fails when a file imports another folder's internals or when
 * folders import each other in a cycle (rules in scripts/boundaries/deep-imports.ts).
 *
 * A script rather than a library: dependency-cruiser's `no-circular` finds cycles between modules,
 * not between folders, and eslint's `no-restricted-imports` cannot say "a sibling's non-index
 * file" without one block per folder. TypeScript's pre-processor (already a dependency) reads the
 * imports; the two rules are about a hundred lines with no new package in the lockfile.
 */
const CHECK: BoundaryCheck = {
  folders: ['src', 'connectors', 'jobs', 'bench', 'test', 'scripts'],
  rules: {
    // src/ holds folders plus root modules such as config.ts; test/kit/hub.ts starts a whole hub,
    // so it stays out of the kit's index for the specs that only need a database or a sandbox.
    openFolders: ['src', 'test/kit'],
    specRoot: 'test',
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const problems = describeReport(checkBoundaries(root, CHECK));
for (const problem of problems) console.error(problem);
if (problems.length > 0) {
  console.error(`check:boundaries: ${problems.length} problem(s)`);
  process.exit(1);
}
