import type { DeviceType } from '@vigil/domain';
import { alarmCondition, type AlarmCondition } from './alarm-condition';
import { equipmentTypeOf } from './gb-id';
import type { CatalogItem } from './manscdp';

/**
 * The health one GB/T 28181 device reports, built from its alarms and its catalog.
 *
 * Alarms are events and health is a state. GB/T 28181-2016 has no "alarm cleared" notification, so an alarm holds its
 * condition for `holdMs` after it was last raised (a repeat renews it); unregistering (Expires: 0) clears every held
 * alarm. A catalog channel with Status OFF counts as video lost for as long as the catalog says so.
 */
export class GbDeviceHealth {
  private readonly held = new Map<string, { condition: AlarmCondition; subject: string; until: number }>();
  private readonly catalog = new Map<string, CatalogItem>();

  constructor(
    private readonly type: DeviceType,
    private readonly holdMs: number,
  ) {}

  /** Records an alarm raised by `subject` (the device's or a channel's id); false when it maps to no health field. */
  raiseAlarm(subject: string, method: number, alarmType: number | null, now: number): boolean {
    const condition = alarmCondition(method, alarmType);
    if (!condition) return false;
    this.held.set(`${condition}|${subject}`, { condition, subject, until: now + this.holdMs });
    return true;
  }

  /** Merges one Catalog response (a long list comes in several). */
  mergeCatalog(items: readonly CatalogItem[]): void {
    for (const item of items) this.catalog.set(item.deviceId, item);
  }

  clearAlarms(): void {
    this.held.clear();
  }

  health(now: number): Record<string, unknown> {
    for (const [key, h] of this.held) if (h.until <= now) this.held.delete(key);
    return this.type === 'camera' ? this.cameraHealth() : this.type === 'dvr' || this.type === 'nvr' ? this.recorderHealth() : {};
  }

  private heldFor(condition: AlarmCondition, subject?: string): boolean {
    for (const h of this.held.values()) if (h.condition === condition && (subject === undefined || h.subject === subject)) return true;
    return false;
  }

  private cameraHealth(): Record<string, unknown> {
    const offline = [...this.catalog.values()].some((c) => !c.online);
    return { video: offline || this.heldFor('video-loss') ? 'lost' : 'ok', tamper: this.heldFor('tamper') };
  }

  /** Channels numbered 1… in the order of their ids (video channels only); left out until a catalog has come. */
  private recorderHealth(): Record<string, unknown> {
    const disk = this.heldFor('disk-failed') ? 'failed' : this.heldFor('disk-full') ? 'warning' : null;
    // GB/T 28181 alarms name no disk: the recorder's storage is reported as one disk, id "1", and only while an alarm holds
    const health: Record<string, unknown> = { disks: disk ? [{ id: '1', state: disk }] : [] };
    const video = [...this.catalog.values()].filter((c) => equipmentTypeOf(c.deviceId) === 'camera').sort((a, b) => a.deviceId.localeCompare(b.deviceId));
    if (video.length > 0) {
      health.channels = video.map((c, i) => ({ ch: i + 1, videoLoss: !c.online || this.heldFor('video-loss', c.deviceId) }));
    }
    return health;
  }
}
