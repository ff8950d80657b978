import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operationHash } from './manifest.js';

/** One entry of Apollo's persisted query manifest. */
export interface ManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** Apollo's persisted query manifest, version 1 (what `@apollo/generate-persisted-query-manifest` writes). */
export interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

/** *.graphql and *.gql files under `path` (or `path` itself), sorted, so the manifest does not depend on the file system's order. */
function documentFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(graphql|gql)$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

/** The fragments an operation uses, directly or through other fragments. */
function fragmentsOf(node: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is used but not defined in the files given`);
      seen.add(name);
      fragmentsOf(fragment, fragments, seen);
    },
  });
  return seen;
}

/**
 * Every named operation of the client's .graphql files, each with the fragments it uses, printed
 * by graphql-js (so that the text, hence the hash, does not depend on the client's formatting):
 * the body a client sends, or names by its SHA-256. Unnamed and duplicate-named operations are
 * refused: a manifest is read by people too.
 */
export function collectOperations(paths: readonly string[]): Manifest {
  const definitions = paths.flatMap(documentFiles).flatMap((file) => {
    try {
      return parse(readFileSync(file, 'utf8')).definitions.map((d) => ({ d, file }));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  });
  const fragments = new Map(definitions.flatMap(({ d }) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const operations = definitions.filter((x): x is { d: OperationDefinitionNode; file: string } => x.d.kind === Kind.OPERATION_DEFINITION);
  const names = new Set<string>();
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map(({ d, file }) => {
      const name = d.name?.value;
      if (!name) throw new Error(`${file}: an operation without a name; name every operation a system registers`);
      if (names.has(name)) throw new Error(`${file}: operation ${name} is defined twice`);
      names.add(name);
      const used = [...fragmentsOf(d, fragments)].sort().map((f) => fragments.get(f)!);
      const body = print({ kind: Kind.DOCUMENT, definitions: [d, ...used] });
      return { id: operationHash(body), name, type: d.operation, body };
    }),
  };
}
