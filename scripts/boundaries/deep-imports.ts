import { posix } from 'node:path';
import type { ImportEdge } from './imports.js';

/**
 * The boundary rule. A folder's public surface is its `index.ts`: an import into a sibling or
 * cousin folder (neither contains the other) must name that folder's `index.ts`. A folder and its
 * own subfolders are one unit seen from outside: the parent may compose its subfolders' files and
 * a subfolder may use its parent's files (`src/server/resolvers/` reading `../context.js`), though
 * going through indexes there too is cleaner (`connectors/registry.ts` imports `./http/index.js`).
 */
export interface BoundaryRules {
  /**
   * Folders whose every file is public, each a one-file module. `src` itself is a container of
   * folders, not a folder with an index: its root files (`src/config.ts`) are imported directly.
   */
  openFolders: readonly string[];
  /**
   * Where specs live (`test`): a spec folder `test/<name>/` may import the internals of the code
   * folder named `<name>` and its subfolders (`test/server/` into `src/server/resolvers/`), since
   * each module has its spec, including modules its folder keeps to itself. Elsewhere tests use indexes.
   */
  specRoot: string;
}

export interface DeepImport {
  edge: ImportEdge;
  /** The folder whose internals the import reaches into. */
  folder: string;
}

export function deepImports(edges: readonly ImportEdge[], rules: BoundaryRules): DeepImport[] {
  return edges.filter((edge) => !isAllowed(edge, rules)).map((edge) => ({ edge, folder: posix.dirname(edge.to) }));
}

function isAllowed(edge: ImportEdge, rules: BoundaryRules): boolean {
  const fromFolder = posix.dirname(edge.from);
  const toFolder = posix.dirname(edge.to);
  return (
    fromFolder === toFolder ||
    contains(fromFolder, toFolder) ||
    contains(toFolder, fromFolder) ||
    posix.basename(edge.to) === 'index.ts' ||
    rules.openFolders.includes(toFolder) ||
    isSpecOf(edge.from, toFolder, rules.specRoot)
  );
}

export function contains(outer: string, inner: string): boolean {
  return inner.startsWith(`${outer}/`);
}

function isSpecOf(from: string, toFolder: string, specRoot: string): boolean {
  const [root, specFolder] = from.split('/');
  return root === specRoot && specFolder !== undefined && !toFolder.startsWith(`${specRoot}/`) && toFolder.split('/').includes(specFolder);
}
