import type { Attribute } from '../../catalog/index.js';
import { enumValue } from '../schema.js';
import type { ResolverDeps } from './deps.js';
import { guarded } from './guard.js';
import { attributeView, sourceView } from './views/catalog.js';

interface CatalogArgs {
  sources?: string[] | null;
  purpose?: string | null;
  category?: string | null;
}

function attributeCatalog(deps: ResolverDeps) {
  return guarded('attributeCatalog', deps, (_caller, args: CatalogArgs) => {
    const sources = args.sources ? new Set(args.sources) : null;
    return deps.catalog.attributes
      .filter((a) => (sources === null || sources.has(a.source)) && (!args.purpose || a.purposes.includes(args.purpose as Attribute['purposes'][number])) && (!args.category || enumValue(a.category) === args.category))
      .map((a) => attributeView(a, deps));
  });
}

function sources(deps: ResolverDeps) {
  return guarded('sources', deps, () => deps.catalog.sources.map((s) => sourceView(s, deps)));
}

/** catalog.graphql: the attribute catalogue and the sources, to every role. */
export function catalogResolvers(deps: ResolverDeps) {
  return { Query: { attributeCatalog: attributeCatalog(deps), sources: sources(deps) } };
}
