import type { DeviceManagement, Gateway } from '@vigil/domain';

/** What the broker needs of a gateway: its secret's hash and the devices assigned to it. */
export interface GatewayAccess {
  hash: string | null;
  deviceIds: string[];
}

export abstract class GatewayRepository {
  abstract findById(id: string): Promise<Gateway | null>;
  /** Gateways of these sites (null: all), ordered by id. */
  abstract list(siteIds: string[] | null): Promise<Gateway[]>;
  abstract insert(gateway: Gateway): Promise<void>;
  abstract update(gateway: Gateway): Promise<void>;
  /** The gateway, its secret and its assignments. */
  abstract delete(id: string): Promise<void>;
  abstract deviceIds(gatewayId: string): Promise<string[]>;
  /** Which gateway each of these devices is assigned to (devices of none are absent). */
  abstract gatewaysOf(deviceIds: string[]): Promise<Map<string, string>>;
  /** Replaces the gateway's devices (taking each from any other gateway it was assigned to). */
  abstract assign(gatewayId: string, deviceIds: string[]): Promise<void>;
  /** Drops a device from whatever gateway has it (the device is deleted). */
  abstract unassignDevice(deviceId: string): Promise<void>;
  abstract putSecret(gatewayId: string, hash: string, issuedAt: Date): Promise<void>;
  abstract findAccess(gatewayId: string): Promise<GatewayAccess | null>;
}

/** Stored management of a device; `credentials` sealed (see ManagementCipher). */
export interface StoredManagement extends Omit<DeviceManagement, 'credentials'> {
  deviceId: string;
  credentials: string;
}

export abstract class DeviceManagementRepository {
  abstract find(deviceId: string): Promise<StoredManagement | null>;
  abstract findMany(deviceIds: string[]): Promise<StoredManagement[]>;
  abstract put(management: StoredManagement): Promise<void>;
  abstract remove(deviceId: string): Promise<void>;
}
