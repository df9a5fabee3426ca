import type { DeviceType } from '../assets/device-type';

/**
 * The edge agent ([15]): what it watches and how. The same shape comes from the platform (for the gateway the agent logs in as)
 * or from a local file at a site without a link to the platform's API.
 */
export const AGENT_PROTOCOLS = ['snmp', 'onvif', 'gb28181', 'isapi'] as const;
export type AgentProtocol = (typeof AGENT_PROTOCOLS)[number];

/** How the agent logs in to one piece of equipment; only the fields its protocol uses. In clear only inside the agent's config. */
export interface AgentCredentials {
  username?: string;
  password?: string;
  /** SNMP v2c community. */
  community?: string;
  snmpVersion?: '2c' | '3';
  /** SNMP v3 (USM): the user is `username`, the auth key `password`. */
  authProtocol?: 'md5' | 'sha';
  privProtocol?: 'des' | 'aes';
  privPassword?: string;
}

/** One device the agent watches. */
export interface AgentDevice {
  deviceId: string;
  type: DeviceType;
  protocol: AgentProtocol;
  /** snmp/onvif/isapi: host or host:port of its management interface; gb28181: its 20-digit SIP device id. */
  address: string;
  credentials: AgentCredentials;
  /** Seconds between polls (snmp, onvif, isapi); gb28181 devices keep alive on their own. */
  pollIntervalSec: number;
  /**
   * Protocol-specific extras, optional (older configs without it stay valid). snmp: `uplinkPort` (the ifIndex of the uplink;
   * default the fastest interface), `port` (UDP port, default 161 unless `address` has one), `timeoutMs`.
   */
  options?: Record<string, string | number>;
}

export interface AgentConfig {
  gatewayId: string;
  devices: AgentDevice[];
}
