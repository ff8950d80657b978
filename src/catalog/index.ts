export { catalog, loadCatalog, buildCatalog, CatalogError } from './catalog.js';
export type { Catalog } from './catalog.js';
export { PURPOSES, FAMILIES, CATEGORIES, ATTRIBUTE_TYPES, SOURCE_KINDS } from './model.js';
export type { Attribute, AttributeType, AttributeValue, Category, Family, PersonRecord, Purpose, Source } from './model.js';
