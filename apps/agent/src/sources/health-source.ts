import type { AgentDevice, AgentProtocol } from '@vigil/domain';

/** What one device said when it answered: the contract's `health` for its type (CONTRACT.md), and its firmware when known. */
export interface DeviceReading {
  deviceId: string;
  /** When the agent heard it (the heartbeat's `ts`). */
  at: Date;
  health: Record<string, unknown>;
  fw?: string;
}

/** Channels or devices a protocol found that the platform may not know yet (GB/T 28181 catalog). */
export interface DiscoveredEquipment {
  /** The id it would have in the register (for GB/T 28181: the channel's 20-digit id). */
  id: string;
  type: 'camera' | 'dvr' | 'nvr';
  name: string | null;
  /** The device it was found on. */
  parentId: string;
}

export interface SourceSink {
  /** The device answered: the agent publishes one heartbeat for it. A device that stops answering gets none (the platform's liveness sees the silence). */
  reading(r: DeviceReading): void;
  discovered(found: DiscoveredEquipment[]): void;
}

/**
 * One protocol's way of hearing devices: polls them (SNMP, ONVIF, ISAPI) or listens for them (GB/T 28181). Never throws out
 * of a poll: a device that does not answer, or answers nonsense, is simply not reported (and counted by the source).
 */
export interface HealthSource {
  readonly protocol: AgentProtocol;
  start(devices: readonly AgentDevice[], sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
}
