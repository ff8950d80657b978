import type { Catalog, Source } from '../catalog/index.js';

/** One source to call and the attributes wanted from it. */
export interface SourcePlan {
  source: Source;
  attributes: string[];
}

/** Groups attribute codes by source, in catalogue order: only sources with a wanted attribute are called. */
export function planSources(catalog: Catalog, codes: Iterable<string>): SourcePlan[] {
  const wanted = new Set(codes);
  const plans: SourcePlan[] = [];
  for (const source of catalog.sources) {
    const attributes = catalog.attributesOf(source.id).filter((a) => wanted.has(a.code)).map((a) => a.code);
    if (attributes.length > 0) plans.push({ source, attributes });
  }
  return plans;
}
