/** A gateway's login as the broker is told it: a new secret (once, at issue) or none (only its devices changed). */
export interface GatewayLoginChange {
  gatewayId: string;
  secret: string | null;
  deviceIds: string[];
  /** Its devices before the change, so a broker can change just the difference. */
  previousDeviceIds: string[];
}

/**
 * Keeps the broker's own list of device logins in step with the secrets the platform issues: Mosquitto's
 * dynamic-security users, or the embedded broker's cache. It is given the plaintext secret, once, at issue time.
 */
export abstract class BrokerCredentials {
  abstract setDevices(secrets: { deviceId: string; secret: string }[]): Promise<void>;
  abstract removeDevice(deviceId: string): Promise<void>;
  /** A gateway's secret was issued (the old one's sessions end) or its devices changed (its publish rights follow at once). */
  abstract setGateway(change: GatewayLoginChange): Promise<void>;
  abstract removeGateway(gatewayId: string): Promise<void>;
}
