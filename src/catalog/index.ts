// Offers: the attribute catalogue (sources, attributes, categories, purposes) and the domain's record types.
// Keeps: the JSON data files and their zod validation.
export { catalog, buildCatalog, CatalogError } from './catalog.js';
export type { Catalog } from './catalog.js';
export { PURPOSES, FAMILIES, CATEGORIES, ATTRIBUTE_TYPES } from './model.js';
export type { Attribute, AttributeType, AttributeValue, Category, Family, PersonRecord, Purpose, Source } from './model.js';
