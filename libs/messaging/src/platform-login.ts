import { PLATFORM_MQTT_USERNAME, readKey, readOrCreateKey, type VigilConfig } from '@vigil/config';

export const PLATFORM_MQTT_LOGIN = Symbol('PLATFORM_MQTT_LOGIN');
export const PLATFORM_KEY_NAME = 'mqtt-service';

export interface MqttLogin {
  username: string;
  password: string;
}

/**
 * The login every process of this install uses with the broker: the one configured (MQTT_URL's user, or
 * MQTT_USERNAME/MQTT_PASSWORD); else, with the embedded broker, a generated key in VIGIL_DATA_DIR/keys,
 * which the other processes of the install find there too; else none (a broker that takes anonymous clients).
 */
export function platformLogin(config: VigilConfig): MqttLogin | null {
  const { username, password, url } = config.mqtt;
  if (username && password) return { username, password };
  const key = url ? readKey(config.dataDir, PLATFORM_KEY_NAME) : readOrCreateKey(config.dataDir, PLATFORM_KEY_NAME);
  return key ? { username: PLATFORM_MQTT_USERNAME, password: key } : null;
}
