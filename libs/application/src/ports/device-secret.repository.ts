/** A device's MQTT secret as the platform keeps it: its hash only. */
export interface StoredDeviceSecret {
  deviceId: string;
  hash: string;
  issuedAt: Date;
}

export abstract class DeviceSecretRepository {
  abstract findHash(deviceId: string): Promise<string | null>;
  /** Stores or replaces each device's secret. */
  abstract put(secrets: StoredDeviceSecret[]): Promise<void>;
  abstract remove(deviceId: string): Promise<void>;
  /** Which of these devices have a secret. */
  abstract withSecret(deviceIds: string[]): Promise<Set<string>>;
}
