import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundaries, describeReport, type BoundaryCheck } from '../../scripts/boundaries/index.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A tree of files in a new temporary directory. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const CHECK: BoundaryCheck = { folders: ['src', 'jobs', 'test'], rules: { openFolders: ['src'], specRoot: 'test' } };

describe('the boundary check', () => {
  it('reports an import of a sibling folder\'s internals and a cycle between folders, naming file, line and edge', () => {
    const root = tree({
      'src/a/index.ts': "export { x } from './x.js';\n",
      'src/a/x.ts': "import { y } from '../b/y.js';\nexport const x = y;\n",
      'src/b/index.ts': "export { y } from './y.js';\n",
      'src/b/y.ts': "import type { Z } from '../c/index.js';\nexport const y: Z = 1;\n",
      'src/c/index.ts': "import type { x } from '../a/index.js';\nexport type Z = typeof x;\n",
    });
    const report = checkBoundaries(root, CHECK);
    expect(report.deepImports.map(({ edge, folder }) => [edge.from, edge.line, folder])).toEqual([['src/a/x.ts', 1, 'src/b']]);
    expect(report.cycles.map((c) => c.folders)).toEqual([['src/a', 'src/b', 'src/c', 'src/a']]);
    expect(report.cycles[0]?.steps.map((s) => `${s.from} -> ${s.specifier}`)).toEqual([
      'src/a/x.ts -> ../b/y.js',
      'src/b/y.ts -> ../c/index.js',
      'src/c/index.ts -> ../a/index.js',
    ]);
    expect(describeReport(report)).toHaveLength(2);
  });

  it('lets a folder and its own subfolders import each other\'s files, without calling it a cycle', () => {
    const root = tree({
      'src/p/index.ts': "export { c } from './child/c.js';\n",
      'src/p/context.ts': 'export const own = 1;\n',
      'src/p/child/c.ts': "import { own } from '../context.js';\nexport const c = own;\n",
    });
    expect(describeReport(checkBoundaries(root, CHECK))).toEqual([]);
  });

  it('reports a cousin reaching into a subfolder of another folder', () => {
    const root = tree({
      'src/p/child/index.ts': "export { c } from './c.js';\n",
      'src/p/child/c.ts': 'export const c = 1;\n',
      'src/q/index.ts': "export { c } from '../p/child/c.js';\n",
    });
    expect(checkBoundaries(root, CHECK).deepImports.map(({ folder }) => folder)).toEqual(['src/p/child']);
  });

  it('allows indexes, own files, root files of src, dynamic imports of an index, and a spec reaching into the folder it specifies', () => {
    const root = tree({
      'src/config.ts': 'export const config = {};\n',
      'src/a/index.ts': "export { x } from './x.js';\n",
      'src/a/x.ts': "import { config } from '../config.js';\nexport const x = config;\n",
      'jobs/index.ts': "export const run = () => import('../src/a/index.js');\n",
      'test/a/x.test.ts': "import { x } from '../../src/a/x.js';\nimport { run } from '../../jobs/index.js';\nexport { x, run };\n",
    });
    expect(describeReport(checkBoundaries(root, CHECK))).toEqual([]);
  });

  it('refuses a test reaching into a folder it does not specify', () => {
    const root = tree({
      'jobs/index.ts': "export { q } from './q.js';\n",
      'jobs/q.ts': 'export const q = 1;\n',
      'test/other/q.test.ts': "import { q } from '../../jobs/q.js';\nexport { q };\n",
    });
    expect(checkBoundaries(root, CHECK).deepImports.map(({ edge }) => edge.from)).toEqual(['test/other/q.test.ts']);
  });
});
