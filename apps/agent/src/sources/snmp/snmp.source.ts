import type { Session } from 'net-snmp';
import type { AgentDevice } from '@vigil/domain';
import type { HealthSource, SourceSink } from '../health-source';
import { Poller } from '../poller';
import type { SourceContext } from '../source-context';
import { getColumns, getValues, openSession } from './snmp-session';
import { switchReport, type IfRow, type SensorRow } from './switch-health';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const IF_TABLE = '1.3.6.1.2.1.2.2';
/** ifType, ifSpeed, ifAdminStatus, ifOperStatus */
const IF_COLUMNS = [3, 5, 7, 8];
const SENSOR_TABLE = '1.3.6.1.2.1.99.1.1';
/** entPhySensorType, Scale, Precision, Value */
const SENSOR_COLUMNS = [1, 2, 3, 4];

export interface SnmpSourceOptions {
  maxInFlight: number;
  timeoutMs: number;
}

/** Switches over SNMP v2c/v3: IF-MIB port states, the uplink, ENTITY-SENSOR-MIB temperature, sysDescr's version. */
export class SnmpSource implements HealthSource {
  readonly protocol = 'snmp' as const;
  private poller: Poller | null = null;
  /** Sessions of polls under way, closed at stop so no socket outlives the source. */
  private readonly open = new Set<Session>();

  constructor(
    private readonly ctx: SourceContext,
    private readonly options: SnmpSourceOptions = { maxInFlight: 16, timeoutMs: 5000 },
  ) {}

  async start(devices: readonly AgentDevice[], sink: SourceSink): Promise<void> {
    await this.stop();
    this.poller = new Poller(this.options.maxInFlight, (d) => this.poll(d, sink));
    this.poller.start(devices);
  }

  async stop(): Promise<void> {
    this.poller?.stop();
    this.poller = null;
    for (const s of this.open) closeQuietly(s);
    this.open.clear();
  }

  private async poll(d: AgentDevice, sink: SourceSink): Promise<void> {
    const timeoutMs = Number(d.options?.timeoutMs ?? this.options.timeoutMs);
    let session: Session | undefined;
    try {
      session = openSession(d, timeoutMs);
      this.open.add(session);
      session.on('error', () => undefined);
      const [descr] = await getValues(session, [SYS_DESCR]);
      const ifs = await getColumns(session, IF_TABLE, IF_COLUMNS);
      const sensors = await getColumns(session, SENSOR_TABLE, SENSOR_COLUMNS).catch(() => ({}));
      const uplink = d.options?.uplinkPort === undefined ? undefined : Number(d.options.uplinkPort);
      const report = switchReport(ifRows(ifs), sensorRows(sensors), textOf(descr), Number.isInteger(uplink) ? uplink : undefined);
      if (report.health.ports.length === 0) throw new Error('no interface in IF-MIB');
      sink.reading({ deviceId: d.deviceId, at: this.ctx.now(), health: report.health, ...(report.fw ? { fw: report.fw } : {}) });
    } catch (e) {
      this.ctx.pollFailed('snmp', d.deviceId, e instanceof Error ? e.message : String(e));
    } finally {
      if (session) {
        this.open.delete(session);
        closeQuietly(session);
      }
    }
  }
}

function closeQuietly(s: Session): void {
  try {
    s.close();
  } catch {
    // already closed (a socket error, or the source stopping)
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const textOf = (v: unknown): string | undefined => (Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? v : undefined);

function ifRows(table: Record<string, Record<string, unknown>>): IfRow[] {
  return Object.entries(table)
    .filter(([index]) => /^\d+$/.test(index))
    .map(([index, c]) => ({
      ifIndex: Number(index),
      type: num(c[3]),
      speed: num(c[5]),
      adminUp: num(c[7]) === undefined ? undefined : num(c[7]) === 1,
      operUp: num(c[8]) === undefined ? undefined : num(c[8]) === 1,
    }));
}

function sensorRows(table: Record<string, Record<string, unknown>>): SensorRow[] {
  return Object.values(table).map((c) => ({ type: num(c[1]), scale: num(c[2]), precision: num(c[3]), value: num(c[4]) }));
}
