// Offers: GB/T 2260 region codes, lookups and jurisdiction by significant prefix.
// Keeps: the region data file and its levels.
export { regions, findRegion, isWithinJurisdiction, jurisdictionPrefix, ancestry } from './regions.js';
export type { Region } from './regions.js';
export { localDate, localTime, startOfLocalDay, timeZoneOf } from './time.js';
