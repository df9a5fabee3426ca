import { Injectable } from '@nestjs/common';
import { BrokerCredentials, InternalBus, TransactionRunner, type GatewayLoginChange } from '@vigil/application';

export const DEVICE_CREDENTIALS_CHANNEL = 'device-credentials';
/** A gateway's secret (`rotated`) or devices changed, or it was deleted: the broker reads it again (and ends old sessions). */
export const GATEWAY_ACCESS_CHANNEL = 'gateway-access';

/**
 * For the embedded broker, which reads secrets from the database itself: once the change has committed,
 * a notice tells whichever process runs the broker to drop its cached hashes and end the old sessions.
 */
@Injectable()
export class NoticeBrokerCredentials extends BrokerCredentials {
  constructor(
    private readonly bus: InternalBus,
    private readonly tx: TransactionRunner,
  ) {
    super();
  }

  async setDevices(secrets: { deviceId: string }[]): Promise<void> {
    this.announce(secrets.map((s) => s.deviceId));
  }

  async removeDevice(deviceId: string): Promise<void> {
    this.announce([deviceId]);
  }

  async setGateway(change: GatewayLoginChange): Promise<void> {
    this.announceGateway(change.gatewayId, change.secret !== null);
  }

  async removeGateway(gatewayId: string): Promise<void> {
    this.announceGateway(gatewayId, true);
  }

  private announceGateway(gatewayId: string, rotated: boolean): void {
    this.tx.afterCommit(() => this.bus.publish(GATEWAY_ACCESS_CHANNEL, { ids: [gatewayId], rotated }));
  }

  private announce(ids: string[]): void {
    this.tx.afterCommit(() => this.bus.publish(DEVICE_CREDENTIALS_CHANNEL, { ids }));
  }
}
