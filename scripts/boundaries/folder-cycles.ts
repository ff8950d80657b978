import { posix } from 'node:path';
import { contains } from './deep-imports.js';
import type { ImportEdge } from './imports.js';

/** A cycle of folders, each step with one import that makes it (the first found, for the report). */
export interface FolderCycle {
  folders: string[];
  steps: ImportEdge[];
}

type FolderGraph = Map<string, Map<string, ImportEdge>>;

/**
 * Folder-level cycles: folder A -> folder B when a file of A imports a file of B. Type-only imports
 * count (a cycle of types is still two folders that cannot be understood apart). A subfolder is a
 * node of its own, but imports between a folder and its own subfolders are containment, not
 * dependencies between peers, and are left out: so a cycle that runs through a parent's own files
 * (child -> parent -> other child -> child) is not seen; a contract the children share belongs in
 * its own subfolder (`connectors/contract/`). Reports one cycle per strongly connected group.
 */
export function folderCycles(edges: readonly ImportEdge[]): FolderCycle[] {
  const graph = folderGraph(edges);
  return stronglyConnected(graph)
    .filter((group) => group.length > 1)
    .map((group) => cycleWithin(graph, new Set(group), group[0] as string));
}

function folderGraph(edges: readonly ImportEdge[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const edge of edges) {
    const from = posix.dirname(edge.from);
    const to = posix.dirname(edge.to);
    if (from === to || contains(from, to) || contains(to, from)) continue;
    const out = graph.get(from) ?? new Map<string, ImportEdge>();
    if (!out.has(to)) out.set(to, edge);
    graph.set(from, out);
  }
  return graph;
}

/** Tarjan's algorithm; the graph has a few dozen folders, so recursion depth is no concern. */
function stronglyConnected(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    groups.push(group.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups;
}

/** The shortest way from `start` back to itself inside its group (breadth first). */
function cycleWithin(graph: FolderGraph, group: Set<string>, start: string): FolderCycle {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!group.has(next) || cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      if (next === start) return pathBack(graph, cameFrom, start);
      queue.push(next);
    }
  }
  throw new Error(`no cycle through ${start}, though it is in a strongly connected group`);
}

function pathBack(graph: FolderGraph, cameFrom: Map<string, string>, start: string): FolderCycle {
  const folders = [start];
  let node = cameFrom.get(start) as string;
  while (node !== start) {
    folders.unshift(node);
    node = cameFrom.get(node) as string;
  }
  folders.unshift(start);
  const steps = folders.slice(1).map((to, i) => graph.get(folders[i] as string)?.get(to) as ImportEdge);
  return { folders, steps };
}
