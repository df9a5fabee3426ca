import { randomBytes } from 'node:crypto';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { BrokerCredentials, BrokerProbe, DeviceSecretVerifier, GatewayAccessCache, InternalBus, Mailer, TransactionRunner, WebhookSender } from '@vigil/application';
import { HttpWebhookSender } from './outbound/http-webhook.sender';
import { SmtpMailer } from './outbound/smtp.mailer';
import { MqttInternalBus } from './mqtt-internal-bus';
import { EmbeddedBroker } from './embedded-broker';
import { MqttConnection } from './mqtt-connection';
import { BrokerGatekeeper } from './broker-gatekeeper';
import { BROKER_GATEKEEPER, DeviceCredentialsListener } from './device-credentials.listener';
import { DynsecBrokerCredentials } from './dynsec-broker-credentials';
import { NoticeBrokerCredentials } from './notice-broker-credentials';
import { PLATFORM_MQTT_LOGIN, platformLogin, type MqttLogin } from './platform-login';

export const EMBEDDED_BROKER = Symbol('EMBEDDED_BROKER');
const logger = new Logger('Messaging');

@Global()
@Module({
  providers: [
    { provide: PLATFORM_MQTT_LOGIN, inject: [VIGIL_CONFIG], useFactory: (config: VigilConfig) => platformLogin(config) },
    {
      provide: BROKER_GATEKEEPER,
      inject: [VIGIL_CONFIG, PLATFORM_MQTT_LOGIN, DeviceSecretVerifier, GatewayAccessCache],
      useFactory: (config: VigilConfig, login: MqttLogin | null, verifier: DeviceSecretVerifier, gateways: GatewayAccessCache) =>
        config.mqtt.url
          ? null
          : new BrokerGatekeeper({
              auth: config.mqtt.auth,
              service: login!,
              verifyDevice: (id, secret) => verifier.verify(id, secret),
              verifyGateway: (id, secret) => gateways.verify(id, secret),
              gatewayDevices: { known: (id) => gateways.knownDevicesOf(id), read: (id) => gateways.devicesOf(id) },
            }),
    },
    {
      provide: EMBEDDED_BROKER,
      inject: [VIGIL_CONFIG, BROKER_GATEKEEPER],
      useFactory: async (config: VigilConfig, gatekeeper: BrokerGatekeeper | null): Promise<EmbeddedBroker | null> => {
        if (!gatekeeper) return null;
        if (!config.mqtt.auth) logger.warn('VIGIL_MQTT_AUTH=off: any client may connect to the broker and publish heartbeats for any device (a lab switch, never for production)');
        const broker = new EmbeddedBroker(config.mqtt.bind, gatekeeper.hooks());
        await broker.start(config.mqtt.embeddedPort);
        return broker;
      },
    },
    {
      provide: MqttConnection,
      inject: [VIGIL_CONFIG, EMBEDDED_BROKER, PLATFORM_MQTT_LOGIN],
      useFactory: async (config: VigilConfig, broker: EmbeddedBroker | null, login: MqttLogin | null) => {
        const connection = new MqttConnection(config.mqtt.url ?? broker!.url, { clientId: `${config.mqtt.clientId}-ctl-${randomBytes(3).toString('hex')}`, ...login });
        await connection.ready();
        return connection;
      },
    },
    { provide: BrokerProbe, useExisting: MqttConnection },
    { provide: InternalBus, useClass: MqttInternalBus },
    {
      provide: BrokerCredentials,
      inject: [VIGIL_CONFIG, MqttConnection, InternalBus, TransactionRunner],
      useFactory: (config: VigilConfig, connection: MqttConnection, bus: InternalBus, tx: TransactionRunner): BrokerCredentials => {
        if (config.mqtt.brokerAdmin === 'dynsec') return new DynsecBrokerCredentials(connection);
        if (config.mqtt.url && config.mqtt.auth) {
          logger.warn(
            'MQTT_URL is set and VIGIL_MQTT_BROKER_ADMIN=none: device secrets reach that broker only if it is a Vigil embedded broker; ' +
              'for Mosquitto set VIGIL_MQTT_BROKER_ADMIN=dynsec, or keep its users and ACLs by hand',
          );
        }
        return new NoticeBrokerCredentials(bus, tx);
      },
    },
    DeviceCredentialsListener,
    { provide: Mailer, useClass: SmtpMailer },
    { provide: WebhookSender, useClass: HttpWebhookSender },
  ],
  exports: [EMBEDDED_BROKER, PLATFORM_MQTT_LOGIN, MqttConnection, BrokerProbe, InternalBus, BrokerCredentials, Mailer, WebhookSender],
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
