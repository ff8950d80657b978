/**
 * The time zone people in a region read times in. Every region the hub knows is in mainland China,
 * which keeps one civil time (Asia/Shanghai, UTC+8, no daylight saving); the region is a parameter
 * so that one place changes if the hub ever serves a region that does not.
 */
export function timeZoneOf(_regionCode: string): string {
  return 'Asia/Shanghai';
}

const formats = new Map<string, Intl.DateTimeFormat>();

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
