/** The zones a person may pick for a site or contract: the browser's IANA list, the common ones first. */
const COMMON = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'UTC'];

function supported(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function timeZones(): string[] {
  return [...COMMON, ...supported().filter((z) => !COMMON.includes(z))];
}
