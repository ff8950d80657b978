export { regions, findRegion, isWithinJurisdiction, jurisdictionPrefix, ancestry, countiesOf, REGION_LEVELS } from './regions.js';
export type { Region, RegionLevel } from './regions.js';
