import type { Language } from '../i18n';

/**
 * Instants are shown in the region's time zone. Every region the hub knows keeps Asia/Shanghai
 * (src/regions/time.ts), so the console uses it too; a schedule's own zone is shown beside it.
 */
export const REGION_TIME_ZONE = 'Asia/Shanghai';

export function formatInstant(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { timeZone: REGION_TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

/**
 * A `datetime-local` input's value ("2026-11-27T08:30") read as a time in Asia/Shanghai (UTC+8 all
 * year, no daylight saving), as an ISO 8601 instant the API takes. Empty stays undefined.
 */
export function localInputToInstant(value: string): string | undefined {
  if (!value) return undefined;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return new Date(`${withSeconds}+08:00`).toISOString();
}
