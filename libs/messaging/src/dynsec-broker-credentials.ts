import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BrokerCredentials, type GatewayLoginChange } from '@vigil/application';
import { DEVICE_CHANNELS, gatewayUsername } from '@vigil/domain';
import { MqttConnection } from './mqtt-connection';

const CONTROL = '$CONTROL/dynamic-security/v1';
const RESPONSES = `${CONTROL}/response`;
const TIMEOUT_MS = 10_000;
/** Devices per command message: each is four commands, and Mosquitto answers a message in one go. */
const BATCH = 100;

interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}
interface DynsecResponse {
  command: string;
  correlationData?: string;
  error?: string;
}

/** Deleting what is not there is already as wanted; so is creating a gateway's role or ACL that is there. */
function harmless(r: DynsecResponse): boolean {
  if ((r.command.startsWith('delete') || r.command === 'removeRoleACL') && /not found/i.test(r.error ?? '')) return true;
  return (r.command === 'createRole' || r.command === 'addRoleACL') && /already exists/i.test(r.error ?? '');
}

/**
 * Keeps Mosquitto's dynamic-security users in step with the devices' secrets, over its $CONTROL topic with
 * the platform's own login (which needs the plugin's admin role). Mosquitto 2.0's dynsec ACLs do not expand
 * %u or %c (eclipse-mosquitto/mosquitto#2222, added in 2.1), so each device has a role of its own that lets it
 * publish and subscribe under vigil/v1/devices/{its id}/ only. Replacing a login deletes the old client first,
 * which also disconnects any session opened with the old secret.
 */
@Injectable()
export class DynsecBrokerCredentials extends BrokerCredentials implements OnModuleDestroy {
  private readonly pending = new Map<string, (response: DynsecResponse) => void>();
  private readonly onMessage = (topic: string, payload: Buffer) => this.receive(topic, payload);

  constructor(private readonly connection: MqttConnection) {
    super();
    connection.client.on('message', this.onMessage);
    const subscribe = () => connection.client.subscribe(RESPONSES, { qos: 1 });
    connection.client.on('connect', subscribe);
    if (connection.client.connected) subscribe();
  }

  async setDevices(secrets: { deviceId: string; secret: string }[]): Promise<void> {
    for (let i = 0; i < secrets.length; i += BATCH) {
      await this.run(
        secrets.slice(i, i + BATCH).flatMap(({ deviceId, secret }) => [
          ...this.removal(deviceId),
          {
            command: 'createRole',
            rolename: roleOf(deviceId),
            textname: `Vigil device ${deviceId}`,
            acls: ['publishClientSend', 'subscribePattern'].map((acltype) => ({ acltype, topic: `vigil/v1/devices/${deviceId}/#`, allow: true })),
          },
          { command: 'createClient', username: deviceId, password: secret, roles: [{ rolename: roleOf(deviceId) }] },
        ]),
      );
    }
  }

  async removeDevice(deviceId: string): Promise<void> {
    await this.run(this.removal(deviceId));
  }

  /**
   * A gateway ([15]) has a role of its own allowing exactly `vigil/v1/devices/{id}/heartbeat|status|vqd` of each assigned device
   * (publish only; Mosquitto denies what no ACL allows). A new secret replaces login and role (deleting the login first, which
   * ends the old sessions). A change of devices edits the role's ACLs by the difference: a role still held by a login is never
   * deleted (Mosquitto 2.0 does not take that well), and the broker applies the new ACLs at once.
   */
  async setGateway({ gatewayId, secret, deviceIds, previousDeviceIds }: GatewayLoginChange): Promise<void> {
    const username = gatewayUsername(gatewayId);
    const rolename = gatewayRoleOf(gatewayId);
    const acls = (ids: string[]) => ids.flatMap((d) => DEVICE_CHANNELS.map((channel) => ({ acltype: 'publishClientSend', topic: `vigil/v1/devices/${d}/${channel}` })));
    if (secret !== null) {
      await this.run([
        { command: 'deleteClient', username },
        { command: 'deleteRole', rolename },
        { command: 'createRole', rolename, textname: `Vigil gateway ${gatewayId}`, acls: acls(deviceIds).map((a) => ({ ...a, allow: true })) },
        { command: 'createClient', username, password: secret, roles: [{ rolename }] },
      ]);
      return;
    }
    const now = new Set(deviceIds);
    const was = new Set(previousDeviceIds);
    await this.run([
      // a gateway without a login yet still gets its role, ready for the login
      { command: 'createRole', rolename, textname: `Vigil gateway ${gatewayId}` },
      ...acls(previousDeviceIds.filter((d) => !now.has(d))).map((a) => ({ command: 'removeRoleACL', rolename, ...a })),
      ...acls(deviceIds.filter((d) => !was.has(d))).map((a) => ({ command: 'addRoleACL', rolename, ...a, allow: true })),
    ]);
  }

  async removeGateway(gatewayId: string): Promise<void> {
    await this.run([
      { command: 'deleteClient', username: gatewayUsername(gatewayId) },
      { command: 'deleteRole', rolename: gatewayRoleOf(gatewayId) },
    ]);
  }

  onModuleDestroy(): void {
    this.connection.client.off('message', this.onMessage);
  }

  private removal(deviceId: string): DynsecCommand[] {
    return [
      { command: 'deleteClient', username: deviceId },
      { command: 'deleteRole', rolename: roleOf(deviceId) },
    ];
  }

  /** Sends the commands as one message and waits for every answer; any real error fails the lot. */
  private async run(commands: DynsecCommand[]): Promise<void> {
    if (!this.connection.client.connected) throw new Error('not connected to the broker');
    const sent = commands.map((command) => ({ ...command, correlationData: randomUUID() }));
    const answers = sent.map((c) => new Promise<DynsecResponse>((resolve) => this.pending.set(c.correlationData, resolve)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`Mosquitto's dynamic-security plugin did not answer within ${TIMEOUT_MS / 1000} s (is it loaded, and does the platform's user have its admin role?)`)),
        TIMEOUT_MS,
      );
    });
    try {
      await this.connection.client.publishAsync(CONTROL, JSON.stringify({ commands: sent }), { qos: 1 });
      const responses = await Promise.race([Promise.all(answers), timeout]);
      const failed = responses.find((r) => r.error && !harmless(r));
      if (failed) throw new Error(`dynsec ${failed.command}: ${failed.error}`);
    } finally {
      clearTimeout(timer);
      for (const c of sent) this.pending.delete(c.correlationData);
    }
  }

  private receive(topic: string, payload: Buffer): void {
    if (topic !== RESPONSES) return;
    try {
      const { responses } = JSON.parse(payload.toString('utf8')) as { responses?: DynsecResponse[] };
      for (const r of responses ?? []) if (typeof r?.correlationData === 'string') this.pending.get(r.correlationData)?.(r);
    } catch {
      // not an answer of ours: a malformed broker message is ignored, the caller times out
    }
  }
}

function roleOf(deviceId: string): string {
  return `vigil-device-${deviceId}`;
}

function gatewayRoleOf(gatewayId: string): string {
  return `vigil-gateway-${gatewayId}`;
}
