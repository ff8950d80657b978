export { regions, findRegion, isWithinJurisdiction, ancestry, countiesOf, REGION_LEVELS } from './regions.js';
export type { Region, RegionLevel } from './regions.js';
