/** One row of IF-MIB's ifTable as polled (undefined: the column did not answer). */
export interface IfRow {
  ifIndex: number;
  type?: number;
  speed?: number;
  adminUp?: boolean;
  operUp?: boolean;
}

/** One row of ENTITY-SENSOR-MIB's entPhySensorTable. */
export interface SensorRow {
  type?: number;
  scale?: number;
  precision?: number;
  value?: number;
}

/** IANAifType values of physical switch ports (ethernetCsmacd, fastEther, fastEtherFX, gigabitEthernet). */
const PHYSICAL_IF_TYPES = new Set([6, 62, 69, 117]);
/** entPhySensorType celsius(8); entPhySensorScale units(9). */
const CELSIUS = 8;
const UNITS = 9;

export interface SwitchReport {
  health: { ports: { port: number; up: boolean }[]; uplinkUp?: boolean; tempC?: number };
  fw?: string;
}

/**
 * The contract's switch health from what IF-MIB and ENTITY-SENSOR-MIB said. Ports: the physical interfaces that are
 * administratively up (a port shut on purpose is no fault). Uplink: `uplinkPort` (an ifIndex) when given, else the
 * fastest physical port (the lowest ifIndex among equals). Temperature: the hottest celsius sensor, in units.
 */
export function switchReport(rows: readonly IfRow[], sensors: readonly SensorRow[], sysDescr: string | undefined, uplinkPort?: number): SwitchReport {
  const physical = rows.filter((r) => r.type === undefined || PHYSICAL_IF_TYPES.has(r.type)).sort((a, b) => a.ifIndex - b.ifIndex);
  const watched = physical.filter((r) => r.adminUp !== false && r.operUp !== undefined);
  const health: SwitchReport['health'] = { ports: watched.map((r) => ({ port: r.ifIndex, up: r.operUp === true })) };
  const uplink = uplinkPort !== undefined ? rows.find((r) => r.ifIndex === uplinkPort) : fastest(physical);
  if (uplink?.operUp !== undefined) health.uplinkUp = uplink.operUp;
  const temps = sensors.filter((s) => s.type === CELSIUS && (s.scale ?? UNITS) === UNITS && s.value !== undefined).map((s) => s.value! / 10 ** (s.precision ?? 0));
  if (temps.length > 0) health.tempC = Math.max(...temps);
  const fw = firmwareOf(sysDescr);
  return fw ? { health, fw } : { health };
}

function fastest(rows: readonly IfRow[]): IfRow | undefined {
  return rows.reduce<IfRow | undefined>((best, r) => ((r.speed ?? 0) > (best?.speed ?? -1) ? r : best), undefined);
}

/** A version in sysDescr when it says one plainly ("Version 15.2(4)E7", "V5.20.1"); anything else: none. */
export function firmwareOf(sysDescr: string | undefined): string | undefined {
  const m = sysDescr?.match(/\b(?:version\s*|v)(\d+(?:[.()][\w()]+)+)/i);
  return m ? m[1].slice(0, 64) : undefined;
}
