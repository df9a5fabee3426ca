import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DeviceSecretVerifier, InternalBus } from '@vigil/application';
import type { BrokerGatekeeper } from './broker-gatekeeper';
import { DEVICE_CREDENTIALS_CHANNEL } from './notice-broker-credentials';

export const BROKER_GATEKEEPER = Symbol('BROKER_GATEKEEPER');

/** Secrets changed (here or in another process): the embedded broker forgets their hashes and ends the old sessions. */
@Injectable()
export class DeviceCredentialsListener implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly bus: InternalBus,
    private readonly verifier: DeviceSecretVerifier,
    @Inject(BROKER_GATEKEEPER) private readonly gatekeeper: BrokerGatekeeper | null,
  ) {}

  onModuleInit(): void {
    // checked against the channel's schema by the bus
    this.unsubscribe = this.bus.subscribe(DEVICE_CREDENTIALS_CHANNEL, (body) => {
      const { ids } = body as { ids: string[] };
      this.verifier.forget(ids);
      this.gatekeeper?.disconnectDevices(ids);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
