/**
 * Keeps the broker's own list of device logins in step with the secrets the platform issues: Mosquitto's
 * dynamic-security users, or the embedded broker's cache. It is given the plaintext secret, once, at issue time.
 */
export abstract class BrokerCredentials {
  abstract setDevices(secrets: { deviceId: string; secret: string }[]): Promise<void>;
  abstract removeDevice(deviceId: string): Promise<void>;
}
