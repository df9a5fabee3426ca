import { randomBytes } from 'node:crypto';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { BrokerProbe, InternalBus, Mailer, WebhookSender } from '@vigil/application';
import { HttpWebhookSender } from './outbound/http-webhook.sender';
import { SmtpMailer } from './outbound/smtp.mailer';
import { FaultNoticesRelay } from './fault-notices.relay';
import { DeviceStatusRelay } from './device-status.relay';
import { AssetChangesRelay } from './asset-changes.relay';
import { MqttInternalBus } from './mqtt-internal-bus';
import { EmbeddedBroker } from './embedded-broker';
import { MqttConnection } from './mqtt-connection';

export const EMBEDDED_BROKER = Symbol('EMBEDDED_BROKER');

@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_BROKER,
      inject: [VIGIL_CONFIG],
      useFactory: async (config: VigilConfig): Promise<EmbeddedBroker | null> => {
        if (config.mqtt.url) return null;
        const broker = new EmbeddedBroker();
        await broker.start(config.mqtt.embeddedPort);
        return broker;
      },
    },
    {
      provide: MqttConnection,
      inject: [VIGIL_CONFIG, EMBEDDED_BROKER],
      useFactory: async (config: VigilConfig, broker: EmbeddedBroker | null) => {
        const connection = new MqttConnection(config.mqtt.url ?? broker!.url, { clientId: `${config.mqtt.clientId}-ctl-${randomBytes(3).toString('hex')}` });
        await connection.ready();
        return connection;
      },
    },
    { provide: BrokerProbe, useExisting: MqttConnection },
    { provide: InternalBus, useClass: MqttInternalBus },
    AssetChangesRelay,
    FaultNoticesRelay,
    DeviceStatusRelay,
    { provide: Mailer, useClass: SmtpMailer },
    { provide: WebhookSender, useClass: HttpWebhookSender },
  ],
  exports: [EMBEDDED_BROKER, MqttConnection, BrokerProbe, InternalBus, Mailer, WebhookSender],
})
export class MessagingModule implements OnApplicationShutdown {
  constructor(
    private readonly connection: MqttConnection,
    @Inject(EMBEDDED_BROKER) private readonly broker: EmbeddedBroker | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
    await this.broker?.stop();
  }
}
