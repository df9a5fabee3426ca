import { Controller, Get, Header, Inject, NotFoundException, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DeviceSecretVerifier, GatewayAccessCache } from '@vigil/application';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  gatewayIdOfUsername,
  isDeviceUsername,
  rabbitGatewayTopicAllowed,
  rabbitResourceAllowed,
  rabbitTopicAllowed,
  rabbitVhostAllowed,
  type RabbitPermission,
} from '@vigil/domain';
import { Public } from '@vigil/observability';

type Answer = 'allow' | 'deny';
const PERMISSIONS = new Set(['configure', 'write', 'read']);
/** The virtual host of RabbitMQ's MQTT listener (mqtt.vhost, deploy/rabbitmq). */
const MQTT_VHOST = '/';

/**
 * RabbitMQ's HTTP auth backend (rabbitmq_auth_backend_http) asks here whether a device or a gateway (`gw@{id}`) may log in on its MQTT listener and
 * what it may touch: the device secrets the platform stores, the rules of the embedded broker (domain/rabbitmq-access.ts).
 * Served only with INGEST_SOURCE=amqp (404 otherwise); the broker's own users (the platform's) are RabbitMQ's internal ones.
 * Not for the public network: it answers whether a secret is right, so only the broker should reach it.
 */
@ApiExcludeController()
@Public()
@Controller('broker-auth/rabbitmq')
export class RabbitmqAuthController {
  constructor(
    private readonly verifier: DeviceSecretVerifier,
    private readonly gateways: GatewayAccessCache,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  @Get('user')
  @Header('Content-Type', 'text/plain')
  async user(@Query('username') username?: string, @Query('password') password?: string): Promise<Answer> {
    this.served();
    if (!this.config.mqtt.auth) return 'allow';
    if (!username || !password) return 'deny';
    // a database that cannot answer refuses the login (RabbitMQ treats an error as a refusal too)
    const gatewayId = gatewayIdOfUsername(username);
    if (gatewayId) return (await this.gateways.verify(gatewayId, password)) ? 'allow' : 'deny';
    if (!isDeviceUsername(username)) return 'deny';
    return (await this.verifier.verify(username, password)) ? 'allow' : 'deny';
  }

  @Get('vhost')
  @Header('Content-Type', 'text/plain')
  vhost(@Query('username') username?: string, @Query('vhost') vhost?: string): Answer {
    this.served();
    return this.device(username) && vhost !== undefined && rabbitVhostAllowed(vhost, MQTT_VHOST) ? 'allow' : 'deny';
  }

  @Get('resource')
  @Header('Content-Type', 'text/plain')
  resource(@Query('username') username?: string, @Query('resource') resource?: string, @Query('name') name?: string, @Query('permission') permission?: string): Answer {
    this.served();
    if (!this.device(username) || !resource || !name || !permission || !PERMISSIONS.has(permission)) return 'deny';
    return rabbitResourceAllowed(resource, name, permission as RabbitPermission) ? 'allow' : 'deny';
  }

  @Get('topic')
  @Header('Content-Type', 'text/plain')
  async topic(
    @Query('username') username?: string,
    @Query('name') name?: string,
    @Query('permission') permission?: string,
    @Query('routing_key') routingKey?: string,
  ): Promise<Answer> {
    this.served();
    if (!this.config.mqtt.auth) return name === 'amq.topic' ? 'allow' : 'deny';
    if (!username || !this.device(username) || !name || !permission || !PERMISSIONS.has(permission) || routingKey === undefined) return 'deny';
    const gatewayId = gatewayIdOfUsername(username);
    if (gatewayId) return rabbitGatewayTopicAllowed(await this.gateways.devicesOf(gatewayId), name, permission as RabbitPermission, routingKey) ? 'allow' : 'deny';
    return rabbitTopicAllowed(username, name, permission as RabbitPermission, routingKey) ? 'allow' : 'deny';
  }

  private served(): void {
    if (this.config.ingestSource?.kind !== 'amqp') throw new NotFoundException();
  }

  /** Under the lab switch any user name passes; otherwise only device ids and gateway logins (those this backend let in). */
  private device(username: string | undefined): boolean {
    return !this.config.mqtt.auth || (username !== undefined && (isDeviceUsername(username) || gatewayIdOfUsername(username) !== null));
  }
}
