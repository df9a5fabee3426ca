import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DeviceSecretVerifier, GatewayAccessCache, InternalBus } from '@vigil/application';
import type { BrokerGatekeeper } from './broker-gatekeeper';
import { DEVICE_CREDENTIALS_CHANNEL, GATEWAY_ACCESS_CHANNEL } from './notice-broker-credentials';

export const BROKER_GATEKEEPER = Symbol('BROKER_GATEKEEPER');

/** Secrets or gateways changed (here or in another process): the embedded broker forgets what it cached and ends the old sessions. */
@Injectable()
export class DeviceCredentialsListener implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly bus: InternalBus,
    private readonly verifier: DeviceSecretVerifier,
    private readonly gateways: GatewayAccessCache,
    @Inject(BROKER_GATEKEEPER) private readonly gatekeeper: BrokerGatekeeper | null,
  ) {}

  onModuleInit(): void {
    // checked against the channel's schema by the bus
    this.unsubscribes.push(
      this.bus.subscribe(DEVICE_CREDENTIALS_CHANNEL, (body) => {
        const { ids } = body as { ids: string[] };
        this.verifier.forget(ids);
        this.gatekeeper?.disconnectDevices(ids);
      }),
      // a gateway's devices count at its next publish; a new secret (or none) ends the sessions of the old one
      this.bus.subscribe(GATEWAY_ACCESS_CHANNEL, (body) => {
        const { ids, rotated } = body as { ids: string[]; rotated: boolean };
        this.gateways.forget(ids);
        if (rotated) this.gatekeeper?.disconnectGateways(ids);
      }),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }
}
