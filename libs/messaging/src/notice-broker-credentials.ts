import { Injectable } from '@nestjs/common';
import { BrokerCredentials, InternalBus, TransactionRunner } from '@vigil/application';

export const DEVICE_CREDENTIALS_CHANNEL = 'device-credentials';

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

  private announce(ids: string[]): void {
    this.tx.afterCommit(() => this.bus.publish(DEVICE_CREDENTIALS_CHANNEL, { ids }));
  }
}
