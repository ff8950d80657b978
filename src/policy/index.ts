// Offers: which roles may do which operation (requireRole), and the one jurisdiction check, in memory and as a SQL filter.
// Keeps: the role table's lookups; the region prefix arithmetic stays in src/regions.
export { requireQueueDashboard, requireRole } from './access.js';
export type { Operation } from './access.js';
export { inJurisdiction, jurisdictionPattern, regionFilter, requireJurisdiction, requireKnownRegion } from './jurisdiction.js';
