import { createSocket } from 'node:dgram';
import * as snmp from 'net-snmp';

/** A free UDP port on 127.0.0.1 (bound, read and released). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(resolve));
  return port;
}

export const SNMP_V3_USER = { name: 'vigil', authKey: 'auth-secret-1', privKey: 'priv-secret-1' };

export interface SnmpPeerPort {
  ifIndex: number;
  up: boolean;
  speed?: number;
}

/** A real SNMP agent (net-snmp's own) on 127.0.0.1 answering v2c (`public`) and v3 authPriv (SHA/AES): sysDescr, ifTable, one celsius sensor. */
export class SnmpPeer {
  private constructor(
    readonly port: number,
    private readonly agent: snmp.Agent,
  ) {}

  static async start(ports: SnmpPeerPort[], opts: { tempC?: number; sysDescr?: string } = {}): Promise<SnmpPeer> {
    const port = await freeUdpPort();
    const agent = snmp.createAgent({ port, address: '127.0.0.1' }, () => undefined);
    agent.getAuthorizer().addCommunity('public');
    agent.getAuthorizer().addUser({
      name: SNMP_V3_USER.name,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.sha,
      authKey: SNMP_V3_USER.authKey,
      privProtocol: snmp.PrivProtocols.aes,
      privKey: SNMP_V3_USER.privKey,
    });
    const mib = agent.getMib();
    const ro = snmp.MaxAccess['read-only'];
    mib.registerProvider({ name: 'sysDescr', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.1', scalarType: snmp.ObjectType.OctetString, maxAccess: ro });
    mib.setScalarValue('sysDescr', opts.sysDescr ?? 'Test switch, Software Version 7.1.070');
    mib.registerProvider({
      name: 'ifTable',
      type: snmp.MibProviderType.Table,
      oid: '1.3.6.1.2.1.2.2.1',
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'ifIndex', type: snmp.ObjectType.Integer, maxAccess: ro },
        { number: 3, name: 'ifType', type: snmp.ObjectType.Integer, maxAccess: ro },
        { number: 5, name: 'ifSpeed', type: snmp.ObjectType.Gauge, maxAccess: ro },
        { number: 7, name: 'ifAdminStatus', type: snmp.ObjectType.Integer, maxAccess: ro },
        { number: 8, name: 'ifOperStatus', type: snmp.ObjectType.Integer, maxAccess: ro },
      ],
      tableIndex: [{ columnName: 'ifIndex' }],
    });
    for (const p of ports) mib.addTableRow('ifTable', [p.ifIndex, 6, p.speed ?? 100_000_000, 1, p.up ? 1 : 2]);
    if (opts.tempC !== undefined) {
      mib.registerProvider({
        name: 'entPhySensorTable',
        type: snmp.MibProviderType.Table,
        oid: '1.3.6.1.2.1.99.1.1.1',
        maxAccess: snmp.MaxAccess['not-accessible'],
        tableColumns: [
          { number: 1, name: 'entPhySensorType', type: snmp.ObjectType.Integer, maxAccess: ro },
          { number: 2, name: 'entPhySensorScale', type: snmp.ObjectType.Integer, maxAccess: ro },
          { number: 3, name: 'entPhySensorPrecision', type: snmp.ObjectType.Integer, maxAccess: ro },
          { number: 4, name: 'entPhySensorValue', type: snmp.ObjectType.Integer, maxAccess: ro },
          { number: 100, name: 'entPhysicalIndex', type: snmp.ObjectType.Integer, maxAccess: snmp.MaxAccess['not-accessible'] },
        ],
        tableIndex: [{ columnName: 'entPhysicalIndex' }],
      });
      mib.addTableRow('entPhySensorTable', [8, 9, 1, Math.round(opts.tempC * 10), 1]);
    }
    return new SnmpPeer(port, agent);
  }

  setPort(ifIndex: number, up: boolean): void {
    this.agent.getMib().setTableSingleCell('ifTable', 8, [ifIndex], up ? 1 : 2);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.agent.close(() => resolve()));
  }
}
