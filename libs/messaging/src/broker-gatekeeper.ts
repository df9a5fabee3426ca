import { timingSafeEqual } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import { DEVICE_ID_PATTERN, gatewayIdOfUsername, mayPublish, mayReceive, maySubscribe, type MqttIdentity } from '@vigil/domain';

export interface GatekeeperOptions {
  /** false: the lab switch, clients without valid credentials connect as strangers. */
  auth: boolean;
  /** The platform's own login. */
  service: { username: string; password: string };
  /** Checks a device's secret against the register (cached); throws when the database cannot answer. */
  verifyDevice(deviceId: string, secret: string): Promise<boolean>;
  /** Checks a gateway's secret ([15]); throws when the database cannot answer. */
  verifyGateway(gatewayId: string, secret: string): Promise<boolean>;
  /** The devices assigned to a gateway now: known at once (the hot path), or read. */
  gatewayDevices: { known(gatewayId: string): ReadonlySet<string> | undefined; read(gatewayId: string): Promise<ReadonlySet<string>> };
}

// aedes' AuthErrorCode is a const enum, which isolated modules cannot import
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;
const SERVER_UNAVAILABLE = 3;

function refusal(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The embedded broker's door: who may connect (a device or a gateway with its secret, the platform with its own login,
 * anyone under the lab switch) and what each may publish, subscribe to and receive (rules in the domain).
 */
export class BrokerGatekeeper {
  private readonly logger = new Logger(BrokerGatekeeper.name);
  private readonly identities = new WeakMap<Client, MqttIdentity>();
  private readonly deviceClients = new Map<string, Set<Client>>();
  private readonly gatewayClients = new Map<string, Set<Client>>();
  /** Client ids the platform uses: nobody else may take over their (persistent) sessions. */
  private readonly platformClientIds = new Set<string>();

  constructor(private readonly options: GatekeeperOptions) {}

  hooks(): Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'> {
    return {
      authenticate: (client, username, password, done) => {
        this.identify(client.id, username, password?.toString('utf8')).then(
          (who) => {
            if (!who) return done(refusal('bad user name or password', username ? BAD_USERNAME_OR_PASSWORD : NOT_AUTHORIZED), false);
            if (who.kind !== 'platform' && this.platformClientIds.has(client.id)) return done(refusal('client id reserved', NOT_AUTHORIZED), false);
            this.remember(client, who);
            done(null, true);
          },
          (err: Error) => {
            this.logger.warn(`MQTT login of ${username ?? 'an anonymous client'} not checked: ${err.message}`);
            done(refusal('server unavailable', SERVER_UNAVAILABLE), false);
          },
        );
      },
      authorizePublish: (client, packet, done) => {
        const who = client ? this.identities.get(client) : undefined;
        const answer = (allowed: boolean) => done(allowed ? null : new Error(`publishing to ${packet.topic} is not allowed`));
        if (who?.kind !== 'gateway') return answer(!!who && mayPublish(who, packet.topic));
        // a gateway publishes for the devices assigned to it at this moment (held in memory, read when not known)
        const known = this.options.gatewayDevices.known(who.gatewayId);
        if (known) return answer(mayPublish({ ...who, devices: known }, packet.topic));
        this.options.gatewayDevices.read(who.gatewayId).then(
          (devices) => answer(mayPublish({ ...who, devices }, packet.topic)),
          () => answer(false),
        );
      },
      authorizeSubscribe: (client, subscription, done) => {
        const who = this.identities.get(client);
        // null: this one subscription is refused (granted 0x80); the client stays connected
        done(null, who && maySubscribe(who, subscription.topic) ? subscription : null);
      },
      authorizeForward: (client, packet) => {
        const who = this.identities.get(client);
        return who && mayReceive(who, packet.topic) ? packet : null;
      },
    };
  }

  /** Ends the open sessions of these devices; those with a valid secret reconnect. */
  disconnectDevices(deviceIds: readonly string[]): void {
    for (const id of deviceIds) {
      for (const client of this.deviceClients.get(id) ?? []) if (!client.closed) client.close();
      this.deviceClients.delete(id);
    }
  }

  /** Ends the open sessions of these gateways (a new secret, or the gateway deleted); one with a valid secret reconnects. */
  disconnectGateways(gatewayIds: readonly string[]): void {
    for (const id of gatewayIds) {
      for (const client of this.gatewayClients.get(id) ?? []) if (!client.closed) client.close();
      this.gatewayClients.delete(id);
    }
  }

  private async identify(clientId: string, username: string | undefined, password: string | undefined): Promise<MqttIdentity | null> {
    const { service, auth } = this.options;
    if (username === service.username) {
      if (password !== undefined && sameText(password, service.password)) {
        this.platformClientIds.add(clientId);
        return { kind: 'platform' };
      }
      return auth ? null : { kind: 'stranger' };
    }
    if (username && password && DEVICE_ID_PATTERN.test(username) && (await this.options.verifyDevice(username, password))) {
      return { kind: 'device', deviceId: username };
    }
    const gatewayId = username ? gatewayIdOfUsername(username) : null;
    if (gatewayId && password && (await this.options.verifyGateway(gatewayId, password))) {
      return { kind: 'gateway', gatewayId, devices: new Set() };
    }
    return auth ? null : { kind: 'stranger' };
  }

  private remember(client: Client, who: MqttIdentity): void {
    this.identities.set(client, who);
    if (who.kind !== 'device' && who.kind !== 'gateway') return;
    const [sessions, id] = who.kind === 'device' ? [this.deviceClients, who.deviceId] : [this.gatewayClients, who.gatewayId];
    // sessions of a device or gateway, pruned of closed ones as it reconnects, so the set stays as small as its live sessions
    const live = [...(sessions.get(id) ?? [])].filter((c) => !c.closed);
    sessions.set(id, new Set([...live, client]));
  }
}
