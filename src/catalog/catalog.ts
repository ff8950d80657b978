import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { attributeSchema, sourceSchema, type Attribute, type Source } from './model.js';

export interface Catalog {
  readonly sources: readonly Source[];
  readonly attributes: readonly Attribute[];
  source(id: string): Source | undefined;
  attribute(code: string): Attribute | undefined;
  attributesOf(sourceId: string): readonly Attribute[];
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

function parseFile<T>(schema: z.ZodType<T>, url: URL): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogError(`${url.pathname}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Builds the catalogue from parsed data, rejecting duplicates and attributes of unknown sources. */
export function buildCatalog(sources: Source[], attributes: Attribute[]): Catalog {
  const sourceById = new Map<string, Source>();
  for (const s of sources) {
    if (sourceById.has(s.id)) throw new CatalogError(`duplicate source id ${s.id}`);
    sourceById.set(s.id, s);
  }
  const attributeByCode = new Map<string, Attribute>();
  const bySource = new Map<string, Attribute[]>(sources.map((s) => [s.id, []]));
  for (const a of attributes) {
    if (attributeByCode.has(a.code)) throw new CatalogError(`duplicate attribute code ${a.code}`);
    const list = bySource.get(a.source);
    if (!list) throw new CatalogError(`attribute ${a.code} names unknown source ${a.source}`);
    attributeByCode.set(a.code, a);
    list.push(a);
  }
  for (const [id, list] of bySource) {
    if (list.length === 0) throw new CatalogError(`source ${id} provides no attribute`);
  }
  return {
    sources,
    attributes,
    source: (id) => sourceById.get(id),
    attribute: (code) => attributeByCode.get(code),
    attributesOf: (id) => bySource.get(id) ?? [],
  };
}

const DATA = new URL('./data/', import.meta.url);

/** Loads the catalogue files: `data/sources.json` and one `data/attributes/<family>.json` per family. */
export function loadCatalog(dataDir: URL = DATA): Catalog {
  const sources = parseFile(z.array(sourceSchema), new URL('sources.json', dataDir));
  const attributeDir = new URL('attributes/', dataDir);
  const attributes = readdirSync(attributeDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => parseFile(z.array(attributeSchema), new URL(f, attributeDir)));
  return buildCatalog(sources, attributes);
}

let loaded: Catalog | undefined;

/** The catalogue shipped with the hub, parsed once per process. */
export function catalog(): Catalog {
  loaded ??= loadCatalog();
  return loaded;
}
