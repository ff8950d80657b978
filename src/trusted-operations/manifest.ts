import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** SHA-256 (hex) of an operation document as sent: the hash persisted queries name it by. */
export function operationHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/** Registered operations by hash, and where each manifest came from. */
export interface TrustedOperations {
  get(hash: string): string | undefined;
  readonly size: number;
  readonly manifests: readonly string[];
  /** TRUSTED_OPERATIONS=record only: keeps a document that is not registered, which is then admitted (record.ts). */
  record?(document: string): void;
}

/**
 * Apollo's persisted query manifest (what `@apollo/generate-persisted-query-manifest` and
 * `npm run trusted-operations` write): one entry per operation, `id` the SHA-256 of `body`.
 */
const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string(), body: z.string().min(1), name: z.string().optional(), type: z.string().optional() })),
});
/** A map of hash to document (graphql-codegen's client preset `persisted-documents.json`, Hive's app deployments). */
const documentMap = z.record(z.string(), z.string().min(1));

/** The entries of one manifest file, each hash checked against its document: a manifest cannot register a hash for another text. */
function readManifest(file: string): [string, string][] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a JSON manifest (${(err as Error).message})`);
  }
  const apollo = apolloManifest.safeParse(json);
  const entries: [string, string][] = apollo.success ? apollo.data.operations.map((o) => [o.id, o.body]) : Object.entries(documentMap.parse(json));
  for (const [hash, body] of entries) {
    const id = hash.replace(/^sha256:/, '');
    if (id !== operationHash(body)) throw new Error(`${file}: operation ${JSON.stringify(hash)} is not the SHA-256 of its document (${operationHash(body)})`);
  }
  return entries.map(([hash, body]) => [hash.replace(/^sha256:/, ''), body]);
}

/** Manifest files of a path: the file itself, or the *.json files of a directory (one per assistance system). */
function manifestFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
}

/**
 * Reads every manifest under `paths` (files, or directories of *.json files) once, at start. A
 * path that does not exist is skipped (the caller warns); a manifest that does not parse, or lists
 * a hash that is not its document's, stops the start naming the file.
 */
export function loadTrustedOperations(paths: readonly string[]): TrustedOperations {
  const byHash = new Map<string, string>();
  const manifests: string[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = manifestFiles(path);
    } catch {
      continue;
    }
    for (const file of files) {
      for (const [hash, body] of readManifest(file)) byHash.set(hash, body);
      manifests.push(file);
    }
  }
  return { get: (hash) => byHash.get(hash), size: byHash.size, manifests };
}
