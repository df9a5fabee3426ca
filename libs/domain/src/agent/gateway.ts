import { DEVICE_ID_PATTERN } from '../assets/device-type';

/**
 * A gateway ([15]): an edge agent or a video-quality server that publishes for the devices assigned to it, with a login of
 * its own. Its id follows the device id pattern (e.g. `GW-JN-01`); it belongs to one site, and only devices of that site
 * may be assigned to it (a device to at most one gateway).
 */
export interface Gateway {
  id: string;
  name: string;
  siteId: string;
  createdAt: Date;
  updatedAt: Date;
}

export const GATEWAY_ID_PATTERN = DEVICE_ID_PATTERN;
/** Devices per gateway: a site's worth, bounded so one request or one ACL set stays small. */
export const MAX_GATEWAY_DEVICES = 2000;

/**
 * A gateway's broker login is `gw@{id}`. `@` is outside the device id alphabet, so it can never be a device's login, and every
 * broker takes it: Mosquitto (dynamic security: any UTF-8 name), RabbitMQ's MQTT plugin (which reads `vhost:user` from a
 * colon, so a colon would not do) and the embedded broker.
 */
const GATEWAY_USERNAME_PREFIX = 'gw@';

export function gatewayUsername(gatewayId: string): string {
  return `${GATEWAY_USERNAME_PREFIX}${gatewayId}`;
}

/** The gateway a broker or HTTP login names, or null when it is no gateway's. */
export function gatewayIdOfUsername(username: string): string | null {
  if (!username.startsWith(GATEWAY_USERNAME_PREFIX)) return null;
  const id = username.slice(GATEWAY_USERNAME_PREFIX.length);
  return GATEWAY_ID_PATTERN.test(id) ? id : null;
}
