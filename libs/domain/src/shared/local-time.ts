import { DateTime } from 'luxon';

/** The zone of the demo contract, and of anything a person reads that belongs to no site or contract (the audit trail). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * `named`: "2027-01-01 00:00 (Asia/Shanghai)", for alerts, PDFs and pages; `offset`: "2027-01-01 00:00 +08:00",
 * one cell a spreadsheet can sort and a reader can convert back.
 */
export type LocalTimeStyle = 'named' | 'offset';

/** The zone itself, or the default for one that is missing or unknown, so a document never prints "Invalid DateTime". */
export function readableZone(zone: string | null | undefined): string {
  return zone && DateTime.now().setZone(zone).isValid ? zone : DEFAULT_TIME_ZONE;
}

/**
 * An instant as a person at the site reads it, with the zone named: the one formatter for every
 * alert, document, CSV and report; the API and machine fields stay ISO-8601 UTC. Empty for no instant.
 */
export function formatLocalTime(at: Date | string | null | undefined, zone?: string | null, style: LocalTimeStyle = 'named', seconds = false): string {
  if (at === null || at === undefined) return '';
  const instant = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(instant.getTime())) return '';
  const name = readableZone(zone);
  const local = DateTime.fromJSDate(instant, { zone: name });
  const text = local.toFormat(seconds ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm');
  return style === 'named' ? `${text} (${name})` : `${text} ${local.toFormat('ZZ')}`;
}

/** The local calendar day of an instant, "2027-01-01", for periods whose zone is named beside them. */
export function formatLocalDate(at: Date | string, zone?: string | null): string {
  const instant = typeof at === 'string' ? new Date(at) : at;
  return DateTime.fromJSDate(instant, { zone: readableZone(zone) }).toFormat('yyyy-MM-dd');
}
