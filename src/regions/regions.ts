import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const regionSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  level: z.enum(REGION_LEVELS),
  zh: z.string(),
  en: z.string(),
});
export type Region = z.infer<typeof regionSchema>;

const fileSchema = z.object({ about: z.string(), regions: z.array(regionSchema).min(1) });

/** GB/T 2260 region codes known to the hub (data file: regions.json beside this module). */
export const regions: readonly Region[] = fileSchema.parse(
  JSON.parse(readFileSync(new URL('./data/regions.json', import.meta.url), 'utf8')),
).regions;

const byCode = new Map(regions.map((r) => [r.code, r]));

export function findRegion(code: string): Region | undefined {
  return byCode.get(code);
}

/** The significant prefix of a code: 2 digits for a province, 4 for a city, all 6 for a county. */
export function significantPrefix(code: string, level: RegionLevel): string {
  if (level === 'province') return code.slice(0, 2);
  if (level === 'city') return code.slice(0, 4);
  return code.slice(0, 6);
}

function levelOf(code: string): RegionLevel {
  const known = byCode.get(code);
  if (known) return known.level;
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** Whether `code` lies inside the jurisdiction of `jurisdiction` (a code is inside itself). */
export function isWithinJurisdiction(jurisdiction: string, code: string): boolean {
  return code.startsWith(significantPrefix(jurisdiction, levelOf(jurisdiction)));
}

/** The chain of known regions that contain `code`, province first. */
export function ancestry(code: string): Region[] {
  return regions
    .filter((r) => r.level !== 'township' && isWithinJurisdiction(r.code, code))
    .sort((a, b) => REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level));
}

export function countiesOf(code: string): Region[] {
  return regions.filter((r) => r.level === 'county' && isWithinJurisdiction(code, r.code));
}

/** The code prefix every region inside `jurisdiction` starts with (for SQL `LIKE prefix%`). */
export function jurisdictionPrefix(jurisdiction: string): string {
  return significantPrefix(jurisdiction, levelOf(jurisdiction));
}
