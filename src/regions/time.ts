/**
 * The time zone people in a region read times in. Every region the hub knows is in mainland China,
 * which keeps one civil time (Asia/Shanghai, UTC+8, no daylight saving); the region is a parameter
 * so that one place changes if the hub ever serves a region that does not.
 */
export function timeZoneOf(_regionCode: string): string {
  return 'Asia/Shanghai';
}

const formats = new Map<string, Intl.DateTimeFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in the region: 2026-11-27T20:00:00Z is
 * 2026-11-28 in Beijing. "Today" for people in the region, not the UTC day.
 */
export function localDate(iso: string, regionCode: string): string {
  const zone = timeZoneOf(regionCode);
  let f = dates.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dates.set(zone, f);
  }
  return f.format(new Date(iso));
}

/** An instant as people in the region read it: `2026-11-27 16:05:09 北京时间` (24-hour clock). */
export function localTime(iso: string, regionCode: string): string {
  const zone = timeZoneOf(regionCode);
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    formats.set(zone, f);
  }
  return `${f.format(new Date(iso))} ${zone === 'Asia/Shanghai' ? '北京时间' : zone}`;
}

/**
 * The instant a calendar day (YYYY-MM-DD) begins in the region: 2026-11-28 begins at
 * 2026-11-27T16:00:00Z in Beijing. What a date without a time means to people there.
 */
export function startOfLocalDay(day: string, regionCode: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // The zone's offset at that moment: its wall-clock reading of UTC midnight, read as if it were UTC.
  const wall = Date.parse(`${localTime(new Date(utcMidnight).toISOString(), regionCode).slice(0, 19).replace(' ', 'T')}Z`);
  return new Date(utcMidnight - (wall - utcMidnight));
}
