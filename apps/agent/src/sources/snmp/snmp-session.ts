import * as snmp from 'net-snmp';
import type { AgentDevice } from '@vigil/domain';

/** host[:port] of a device's management address; `options.port` wins, then the port in the address, then the protocol's. */
export function targetOf(d: AgentDevice, defaultPort = 161): { host: string; port: number } {
  const m = d.address.match(/^\[?([^\]]+?)\]?(?::(\d+))?$/);
  const host = m?.[1] ?? d.address;
  const port = Number(d.options?.port ?? m?.[2] ?? defaultPort);
  return { host, port };
}

/** A v2c or v3 session as the device's credentials say (v3: authPriv when a privacy key is given, else authNoPriv). */
export function openSession(d: AgentDevice, timeoutMs: number): snmp.Session {
  const { host, port } = targetOf(d);
  const c = d.credentials;
  const options = { port, timeout: timeoutMs, retries: 0 };
  if (c.snmpVersion !== '3') return snmp.createSession(host, c.community ?? 'public', { ...options, version: snmp.Version2c });
  const user: snmp.User = { name: c.username ?? '', level: snmp.SecurityLevel.noAuthNoPriv };
  if (c.password) {
    user.level = snmp.SecurityLevel.authNoPriv;
    user.authProtocol = c.authProtocol === 'md5' ? snmp.AuthProtocols.md5 : snmp.AuthProtocols.sha;
    user.authKey = c.password;
    if (c.privPassword) {
      user.level = snmp.SecurityLevel.authPriv;
      user.privProtocol = c.privProtocol === 'des' ? snmp.PrivProtocols.des : snmp.PrivProtocols.aes;
      user.privKey = c.privPassword;
    }
  }
  return snmp.createV3Session(host, user, { ...options, version: snmp.Version3 });
}

export function getValues(s: snmp.Session, oids: string[]): Promise<(unknown | undefined)[]> {
  return new Promise((resolve, reject) => s.get(oids, (err, vbs) => (err ? reject(err) : resolve(vbs.map((vb) => (snmp.isVarbindError(vb) ? undefined : vb.value))))));
}

/** A table's chosen columns by row index; an absent table is an empty one. */
export function getColumns(s: snmp.Session, tableOid: string, columns: number[]): Promise<snmp.TableRows> {
  return new Promise((resolve, reject) => s.tableColumns(tableOid, columns, 20, (err, rows) => (err ? reject(err) : resolve(rows ?? {}))));
}
