import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/** One relative import, with both ends as paths from the repository root (forward slashes). */
export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
  line: number;
}

/** Every `.ts` file under the given top-level folders of `root`, as root-relative paths. */
export function listSourceFiles(root: string, folders: readonly string[]): string[] {
  return folders.filter((folder) => existsSync(posix.join(root, folder))).flatMap((folder) => walk(root, folder));
}

function walk(root: string, dir: string): string[] {
  return readdirSync(posix.join(root, dir))
    .sort()
    .flatMap((name) => {
      const path = posix.join(dir, name);
      if (statSync(posix.join(root, path)).isDirectory()) return name === 'node_modules' ? [] : walk(root, path);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
    });
}

/**
 * The relative imports of one file: `import`, `import type`, `export ... from` and `import()`.
 * TypeScript's own pre-processor reads them, so imports spread over lines or inside comments
 * are handled the way the compiler handles them; packages (bare specifiers) are left out.
 */
export function readImports(root: string, file: string): ImportEdge[] {
  const text = readFileSync(posix.join(root, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => ({
      from: file,
      to: sourceOf(posix.join(posix.dirname(file), ref.fileName)),
      specifier: ref.fileName,
      line: lineAt(text, ref.pos),
    }));
}

/** NodeNext imports name the emitted `.js`; the source beside it is the `.ts` file. */
function sourceOf(path: string): string {
  return path.endsWith('.js') ? `${path.slice(0, -3)}.ts` : path;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}
