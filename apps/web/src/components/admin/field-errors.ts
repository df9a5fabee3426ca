import { ApiError } from '@web/api/http';

/** One problem the server named: the field's path (`slaPolicy.levels.1.Qingdao.respondMinutes`, `daysOff[2]`), a CSV line when there is one. */
export interface FieldProblem {
  field: string;
  message: string;
  line?: number;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

interface Rule {
  pattern: RegExp;
  key: string;
  /** The field a message names by itself (a 409 "site code X exists" has no `field`). */
  field?: string;
}

/**
 * The server's validation messages (domain schemas, class-validator, the inventory and holiday parsers), each
 * mapped to a text key under `fieldRule.`; named groups become the text's parameters. A message not listed
 * is shown as the server wrote it.
 */
const RULES: Rule[] = [
  // SLA policy
  { pattern: /^must be a positive whole number or null$/, key: 'positiveOrNull' },
  { pattern: /^must be \{respondMinutes, arriveMinutes, restoreMinutes, repairWorkingDays\}$/, key: 'targets' },
  { pattern: /^is required for every region$/, key: 'everyRegion' },
  { pattern: /^is required for every level 1–4$/, key: 'everyLevel' },
  { pattern: /^must be (?:an IANA time zone|a valid IANA time-?zone)/, key: 'timeZone' },
  { pattern: /^must be calendar-days or rolling-working-time$/, key: 'repairMode' },
  { pattern: /^must list at least one region$/, key: 'regions' },
  // fault rules
  { pattern: /^must be a level 1–4$/, key: 'level' },
  { pattern: /^must be text of 1–(?<n>\d+) characters$/, key: 'text' },
  { pattern: /^must be an ISO-8601 instant with a zone$/, key: 'instant' },
  { pattern: /^must be a local time HH:MM$/, key: 'clockTime' },
  { pattern: /^must be a list of site ids, or null for every site$/, key: 'siteIds' },
  { pattern: /^must be 1, 2 or 3$/, key: 'raiseBy' },
  { pattern: /^must be 0, 1 or 2$/, key: 'raise' },
  { pattern: /^must be after from$/, key: 'afterFrom' },
  { pattern: /^must be \{"affected": 1–100000, "level": 1–4\}$/, key: 'widespread' },
  { pattern: /^must be \{"changes": 2–1000, "windowMinutes": 1–1440, "level": 1–4\}$/, key: 'flapping' },
  { pattern: /^is not a device type or "\*"$/, key: 'notDeviceType' },
  { pattern: /^is not a condition/, key: 'notCondition' },
  { pattern: /^is not a criticality/, key: 'notCriticality' },
  { pattern: /^must be \{"from": "HH:MM", "to": "HH:MM"\} or null$/, key: 'quietHours' },
  { pattern: /^must be (?:a list of )?\{name, from, to, siteIds\|null, raiseBy\}$/, key: 'majorEvent' },
  { pattern: /^must be whole minutes from 1 to 1440$/, key: 'gapMinutes' },
  { pattern: /^must be whole days from 1 to 3650$/, key: 'retentionDays' },
  { pattern: /^must be kbit\/s from 0 \(off\) to 1000000$/, key: 'bitrateFloor' },
  { pattern: /^must be frames per second from 0 \(off\) to 240$/, key: 'fpsFloor' },
  { pattern: /^must be a score from 0 to 100$/, key: 'score' },
  { pattern: /^is not a site class/, key: 'notSiteClass' },
  { pattern: /^must be one of general, bank, school, hotel, key-site, prison$/, key: 'siteClass' },
  { pattern: /^must be an object/, key: 'object' },
  { pattern: /^is required$/, key: 'required' },
  // contracts, sites, devices (service and DTO checks)
  { pattern: /^must not be before (?<other>\w+)$/, key: 'notBefore' },
  { pattern: /^customer (?<value>\S+) does not exist$/, key: 'noCustomer' },
  { pattern: /^contract (?<value>\S+) does not exist$/, key: 'noContract' },
  { pattern: /^contract (?<value>\S+) belongs to another customer$/, key: 'otherCustomer' },
  { pattern: /^site (?<value>\S+) does not exist$/, key: 'noSiteId' },
  { pattern: /^device (?<value>\S+) does not exist$/, key: 'noDevice' },
  { pattern: /^a site cannot sit under itself$/, key: 'siteSelfParent' },
  { pattern: /^this would make a loop in the topology$/, key: 'parentLoop' },
  { pattern: /^must be HH:MM-HH:MM with the start before the end$/, key: 'workingHours' },
  { pattern: /^site code (?<value>\S+) exists$/, key: 'codeTaken', field: 'code' },
  { pattern: /^device (?<value>\S+) exists$/, key: 'idTaken', field: 'id' },
  { pattern: /^must be YYYY-MM-DD$/, key: 'date' },
  { pattern: /^must be longer than or equal to 1 characters$|^should not be empty$/, key: 'required' },
  { pattern: /^must be shorter than or equal to (?<n>\d+) characters$/, key: 'maxLength' },
  { pattern: /^must be 1–64 of A-Z a-z 0-9 \. _ -$/, key: 'code' },
  // the device inventory file (a line each)
  { pattern: /^(?:id|parentId|type|siteCode) is required$/, key: 'required' },
  { pattern: /^(?:id|parentId) must be 1–64 of A-Z a-z 0-9 \. _ -$/, key: 'code' },
  { pattern: /^unknown device type "(?<value>.*)"$/, key: 'unknownType' },
  { pattern: /^no site with code "(?<value>.*)"$/, key: 'noSite' },
  { pattern: /^must be a whole number of seconds from 1 to 86400$/, key: 'interval' },
  { pattern: /^must be one of low, normal, high, critical$/, key: 'criticality' },
  { pattern: /^must be a date written YYYY-MM-DD$/, key: 'date' },
  { pattern: /^(?<value>\S+) is not a real date$/, key: 'notRealDate' },
  { pattern: /^must be at most (?<n>\d+) characters$/, key: 'maxLength' },
  { pattern: /^device id (?<value>\S+) is not available$/, key: 'idUnavailable' },
  { pattern: /^(?<value>\S+) already appears on line (?<n>\d+)$/, key: 'duplicateId' },
  { pattern: /^a device cannot hang off itself$/, key: 'selfParent' },
  { pattern: /^no device (?<value>\S+) in the file or the register$/, key: 'noParent' },
  { pattern: /^the parents of this device form a loop$/, key: 'parentLoop' },
  { pattern: /^not a readable CSV file/, key: 'unreadable' },
  { pattern: /^the file is empty$/, key: 'emptyFile' },
  { pattern: /^the header has no (?<value>\w+) column$/, key: 'missingColumn' },
  { pattern: /^the file has no (?:device rows|rows date,kind)$/, key: 'noRows' },
  { pattern: /^unknown column, ignored$/, key: 'unknownColumn' },
  // the holiday calendar
  { pattern: /^"?(?<value>[^"\s]+)"? is not a date written YYYY-MM-DD$/, key: 'notDate' },
  { pattern: /^(?<value>\S+) is not in (?<year>\d{4})$/, key: 'notInYear' },
  { pattern: /^(?<value>\S+) is already on line (?<n>\d+)$/, key: 'duplicateDay' },
  { pattern: /^(?<value>\S+) is already (?:daysOff|makeUpWorkdays)\[\d+\]$/, key: 'duplicateDayInList' },
  { pattern: /^(?<value>\S+) is also a day off$/, key: 'alsoDayOff' },
  { pattern: /^must be a list of at most 366 dates written YYYY-MM-DD$/, key: 'dayList' },
  { pattern: /^must be text of at most (?<n>\d+) characters$/, key: 'maxLength' },
  { pattern: /^must be a year from 2000 to 2100$/, key: 'year' },
  { pattern: /^kind "(?<value>.*)" must be off or workday$/, key: 'holidayKind' },
  { pattern: /^expected two columns date,kind/, key: 'holidayColumns' },
];

/** The server's message in the reader's language; one no rule knows is kept as the server wrote it. */
export function translateMessage(message: string, t: Translate): string {
  for (const rule of RULES) {
    const m = rule.pattern.exec(message);
    if (m) return t(`fieldRule.${rule.key}`, { ...m.groups });
  }
  return message;
}

/** The field a message names by itself, when the answer gives none (a 409 on a taken code). */
function impliedField(message: string): string | undefined {
  return RULES.find((r) => r.field && r.pattern.test(message))?.field;
}

function isProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && typeof (value as FieldProblem).field === 'string' && typeof (value as FieldProblem).message === 'string';
}

/**
 * The problems an error answer names, each with its field:
 * - a service's 400 lists them in `errors` (`{field, message}` or a CSV's `{line, field, message}`);
 * - one with only `field` says `field: message`;
 * - class-validator's 400 says "startsOn must be YYYY-MM-DD" (several joined by "; "): the first word is the field when the form has it.
 * Anything else is one problem of field "" (shown above the form).
 */
export function problemsOf(err: unknown, knownFields: readonly string[] = []): FieldProblem[] {
  if (!(err instanceof ApiError)) return [];
  if (Array.isArray(err.errors) && err.errors.length > 0 && err.errors.every(isProblem)) {
    return (err.errors as FieldProblem[]).map((e) => ({ field: e.field, message: e.message, ...(typeof e.line === 'number' ? { line: e.line } : {}) }));
  }
  if (err.field) {
    const prefix = `${err.field}: `;
    const message = err.serverMessage.startsWith(prefix) ? err.serverMessage.slice(prefix.length) : err.serverMessage.replace(new RegExp(`^${escape(err.field)} `), '');
    return [{ field: err.field, message }];
  }
  return err.serverMessage.split('; ').map((text) => {
    const first = /^(\S+) (.+)$/.exec(text);
    if (first && knownFields.includes(first[1])) return { field: first[1], message: first[2] };
    return { field: impliedField(text) ?? '', message: text };
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What a form shows next to each field: the first problem of each field, in the reader's language.
 * Problems with no field, or a field the form does not show, are under the key "" (and listed at the top of the form).
 */
export function fieldMessages(err: unknown, t: Translate, knownFields: readonly string[] = [], shown: (field: string) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problemsOf(err, knownFields)) {
    const text = translateMessage(p.message, t);
    const key = p.field && shown(p.field) ? p.field : '';
    if (key === '') out[''] = out[''] ? `${out['']}; ${p.field ? `${p.field}: ` : ''}${text}` : `${p.field ? `${p.field}: ` : ''}${text}`;
    else out[key] ??= text;
  }
  return out;
}
