import type { AgentCredentials, AgentProtocol } from './agent-config';

/** How the platform (through a gateway's agent) manages a device: kept with the device, its secrets encrypted at rest. */
export interface DeviceManagement {
  protocol: AgentProtocol;
  address: string;
  pollIntervalSec: number;
  credentials: AgentCredentials;
}

export const DEFAULT_POLL_INTERVAL_SEC = 60;
export const MIN_POLL_INTERVAL_SEC = 10;
export const MAX_POLL_INTERVAL_SEC = 3600;

/** The fields of AgentCredentials that are secrets: never shown back, kept when a change leaves them out. */
export const CREDENTIAL_SECRETS = ['password', 'community', 'privPassword'] as const;
export type CredentialSecret = (typeof CREDENTIAL_SECRETS)[number];

/** What a read shows of the credentials: the names and choices, and only whether each secret is set. */
export interface MaskedCredentials {
  username?: string;
  snmpVersion?: '2c' | '3';
  authProtocol?: 'md5' | 'sha';
  privProtocol?: 'des' | 'aes';
  hasPassword: boolean;
  hasCommunity: boolean;
  hasPrivPassword: boolean;
}

export interface MaskedManagement extends Omit<DeviceManagement, 'credentials'> {
  credentials: MaskedCredentials;
}

export function maskCredentials(c: AgentCredentials): MaskedCredentials {
  const { username, snmpVersion, authProtocol, privProtocol } = c;
  return {
    ...(username !== undefined && { username }),
    ...(snmpVersion !== undefined && { snmpVersion }),
    ...(authProtocol !== undefined && { authProtocol }),
    ...(privProtocol !== undefined && { privProtocol }),
    hasPassword: !!c.password,
    hasCommunity: !!c.community,
    hasPrivPassword: !!c.privPassword,
  };
}

export function maskManagement(m: DeviceManagement): MaskedManagement {
  return { ...m, credentials: maskCredentials(m.credentials) };
}

/** Credentials as given in a change: a secret left out keeps the stored one, `null` clears it; the other fields are as given. */
export type CredentialsChange = Omit<AgentCredentials, CredentialSecret> & { [K in CredentialSecret]?: string | null };

export function mergeCredentials(stored: AgentCredentials | null, given: CredentialsChange): AgentCredentials {
  const out: AgentCredentials = {};
  for (const key of ['username', 'snmpVersion', 'authProtocol', 'privProtocol'] as const) {
    if (given[key] !== undefined) Object.assign(out, { [key]: given[key] });
  }
  for (const key of CREDENTIAL_SECRETS) {
    const value = given[key] === undefined ? stored?.[key] : given[key];
    if (value) out[key] = value;
  }
  return out;
}
