import type { AgentDevice } from '@vigil/domain';

export type DiskState = 'ok' | 'warning' | 'failed' | 'absent';

/** A recorder's state in the contract's terms (CONTRACT.md, dvr/nvr health), whatever API it came from. */
export interface RecorderStatus {
  disks: { id: string; state: DiskState }[];
  channels: { ch: number; recording?: boolean; videoLoss?: boolean }[];
  fw?: string;
}

/** Why a read gave nothing: the source counts it by this reason. */
export class RecorderReadError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'unauthorized' | 'http-status' | 'bad-xml',
    message: string,
    /** The HTTP status when the device answered one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One vendor's HTTP API to a recorder (Hikvision ISAPI today; Dahua CGI or Uniview LAPI beside it). Rejects with RecorderReadError. */
export interface RecorderApiAdapter {
  read(device: AgentDevice): Promise<RecorderStatus>;
}
