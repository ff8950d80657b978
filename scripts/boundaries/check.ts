import { deepImports, type BoundaryRules, type DeepImport } from './deep-imports.js';
import { folderCycles, type FolderCycle } from './folder-cycles.js';
import { listSourceFiles, readImports, type ImportEdge } from './imports.js';

export interface BoundaryCheck {
  /** Top-level folders whose files are read: both rules apply to the imports they make. */
  folders: readonly string[];
  rules: BoundaryRules;
}

export interface BoundaryReport {
  deepImports: DeepImport[];
  cycles: FolderCycle[];
}

export function checkBoundaries(root: string, check: BoundaryCheck): BoundaryReport {
  const edges = listSourceFiles(root, check.folders).flatMap((file) => readImports(root, file));
  return { deepImports: deepImports(edges, check.rules), cycles: folderCycles(edges) };
}

/** One line per problem, each naming a file and line to go to; empty when there is none. */
export function describeReport(report: BoundaryReport): string[] {
  return [
    ...report.deepImports.map(
      ({ edge, folder }) => `${at(edge)}: imports ${edge.specifier}, inside ${folder}/; import ${folder}/index.ts instead`,
    ),
    ...report.cycles.map(
      (cycle) => `folder cycle ${cycle.folders.join(' -> ')}:\n${cycle.steps.map((step) => `  ${at(step)}: imports ${step.specifier}`).join('\n')}`,
    ),
  ];
}

function at(edge: ImportEdge): string {
  return `${edge.from}:${edge.line}`;
}
