import { Cam } from 'onvif';
import type { AgentDevice } from '@vigil/domain';
import { targetOf } from '../snmp/snmp-session';
import type { SourceContext } from '../source-context';
import { cameraEventOf, cameraHealth } from './camera-events';

/** Waits after a failed subscription or pull before trying again. */
const EVENT_RETRY_MS = 5000;

/** One ONVIF camera: its connection, the state its events left, and its PullPoint loop. */
export class OnvifCamera {
  private readonly cam: Cam;
  private connected = false;
  private subscribed = false;
  private pulling = false;
  private eventsFailing = false;
  private stopped = false;
  private fw: string | undefined;
  private readonly tampered = new Set<string>();
  private readonly videoLost = new Set<string>();

  constructor(
    readonly device: AgentDevice,
    private readonly ctx: SourceContext,
    timeoutMs: number,
    /** A state change from an event: published at once rather than at the next poll. */
    private readonly changed: (health: Record<string, unknown>, fw: string | undefined) => void,
  ) {
    const { host, port } = targetOf(device, 80);
    this.cam = new Cam({
      hostname: host,
      port,
      username: device.credentials.username,
      password: device.credentials.password,
      timeout: timeoutMs,
      autoconnect: false,
      preserveAddress: true,
    });
    this.cam.on('error', () => undefined);
  }

  get health(): Record<string, unknown> {
    return cameraHealth(this.tampered, this.videoLost);
  }

  /** Reachable: its clock (drift, logged) and its device information (firmware); throws when it does not answer. */
  async poll(): Promise<{ health: Record<string, unknown>; fw: string | undefined }> {
    if (!this.connected) {
      await call<unknown>((cb) => this.cam.connect(cb));
      this.connected = true;
      void this.pullEvents();
    }
    const deviceTime = await call<Date>((cb) => this.cam.getSystemDateAndTime(cb));
    if (deviceTime instanceof Date && !Number.isNaN(deviceTime.getTime())) this.ctx.clockDrift(this.device.deviceId, (deviceTime.getTime() - this.ctx.now().getTime()) / 1000);
    const info = await call<{ firmwareVersion?: unknown }>((cb) => this.cam.getDeviceInformation(cb));
    this.fw = info?.firmwareVersion === undefined ? undefined : String(info.firmwareVersion);
    return { health: this.health, fw: this.fw };
  }

  stop(): void {
    this.stopped = true;
  }

  /** The PullPoint loop: subscribe, pull, apply; on failure wait and subscribe again. */
  private async pullEvents(): Promise<void> {
    if (this.pulling) return;
    this.pulling = true;
    try {
      while (!this.stopped) {
        try {
          if (!this.subscribed) {
            await call((cb) => this.cam.createPullPointSubscription(cb));
            this.subscribed = true;
          }
          const res = await call<{ notificationMessage?: unknown }>((cb) => this.cam.pullMessages({ messageLimit: 10 }, cb));
          const raw = res?.notificationMessage;
          this.eventsFailing = false;
          for (const n of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) this.apply(n);
          // some cameras (Axis) do not extend the subscription on a pull; a failed renew shows in the next pull
          await call((cb) => this.cam.renew({}, cb)).catch(() => undefined);
        } catch (e) {
          // logged once per run of failures (the camera away, or without a PullPoint service)
          if (!this.eventsFailing) this.ctx.log(`onvif: ${this.device.deviceId} events: ${e instanceof Error ? e.message : String(e)}`);
          this.eventsFailing = true;
          this.subscribed = false;
          await new Promise((resolve) => setTimeout(resolve, EVENT_RETRY_MS).unref());
        }
      }
    } finally {
      this.pulling = false;
    }
  }

  private apply(notification: unknown): void {
    const e = cameraEventOf(notification);
    if (!e) return;
    const set = e.kind === 'tamper' ? this.tampered : this.videoLost;
    const before = set.size;
    if (e.active) set.add(e.source);
    else set.delete(e.source);
    if (before > 0 !== set.size > 0 && !this.stopped) this.changed(this.health, this.fw);
  }
}

/** A node-style call of the onvif package as a promise. */
function call<T = unknown>(f: (cb: (err: Error | null, data?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => f((err, data) => (err ? reject(err) : resolve(data))));
}
