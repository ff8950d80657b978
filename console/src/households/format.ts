import type { Language } from '../i18n';

/** Instants are shown in the region's time zone (Asia/Shanghai), never in UTC. */
const TIME_ZONE = 'Asia/Shanghai';

export function formatTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(iso));
}

export function formatNumber(value: number | null | undefined, language: Language, digits = 2): string {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
}

/** A list as the language writes one (顿号 in Chinese). */
export function joinList(items: readonly string[], language: Language): string {
  return items.join(language === 'en' ? ', ' : '、');
}
