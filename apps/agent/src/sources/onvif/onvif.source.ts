import type { AgentDevice } from '@vigil/domain';
import type { HealthSource, SourceSink } from '../health-source';
import { Poller } from '../poller';
import type { SourceContext } from '../source-context';
import { OnvifCamera } from './onvif-camera';

export interface OnvifSourceOptions {
  maxInFlight: number;
  timeoutMs: number;
}

/** Cameras over ONVIF: reachability and firmware by poll, clock drift logged, tamper and video loss from PullPoint events. */
export class OnvifSource implements HealthSource {
  readonly protocol = 'onvif' as const;
  private poller: Poller | null = null;
  private cameras = new Map<string, OnvifCamera>();

  constructor(
    private readonly ctx: SourceContext,
    private readonly options: OnvifSourceOptions = { maxInFlight: 16, timeoutMs: 5000 },
  ) {}

  async start(devices: readonly AgentDevice[], sink: SourceSink): Promise<void> {
    await this.stop();
    const timeoutMs = (d: AgentDevice) => Number(d.options?.timeoutMs ?? this.options.timeoutMs);
    this.cameras = new Map(
      devices.map((d) => [
        d.deviceId,
        new OnvifCamera(d, this.ctx, timeoutMs(d), (health, fw) => sink.reading({ deviceId: d.deviceId, at: this.ctx.now(), health, ...(fw ? { fw } : {}) })),
      ]),
    );
    this.poller = new Poller(this.options.maxInFlight, (d) => this.poll(d, sink));
    this.poller.start(devices);
  }

  async stop(): Promise<void> {
    this.poller?.stop();
    this.poller = null;
    for (const c of this.cameras.values()) c.stop();
    this.cameras.clear();
  }

  private async poll(d: AgentDevice, sink: SourceSink): Promise<void> {
    const camera = this.cameras.get(d.deviceId);
    if (!camera) return;
    try {
      const { health, fw } = await camera.poll();
      sink.reading({ deviceId: d.deviceId, at: this.ctx.now(), health, ...(fw ? { fw } : {}) });
    } catch (e) {
      this.ctx.pollFailed('onvif', d.deviceId, e instanceof Error ? e.message : String(e));
    }
  }
}
