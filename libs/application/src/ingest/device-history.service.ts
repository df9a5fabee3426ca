import { Injectable } from '@nestjs/common';
import { DAY_MS, type Actor, type StoredDeviceEvent } from '@vigil/domain';
import { requireDevice } from '../assets/device-access';
import { InputError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceEventLog, DeviceRepository, OnlineHistoryRepository, type OnlineHour } from '../ports';

export interface OnlineReport {
  deviceId: string;
  from: string;
  to: string;
  hours: OnlineHour[];
  /** Online seconds over observed seconds in the range; null when the device was never observed. */
  onlineRate: number | null;
}

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

/** A device's recorded past: its health events (status, conditions, firmware) and its online time per hour. */
@Injectable()
export class DeviceHistoryService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly log: DeviceEventLog,
    private readonly online: OnlineHistoryRepository,
    private readonly access: AccessPolicy,
    private readonly clock: ClockPort,
  ) {}

  async events(actor: Actor, deviceId: string, limit = 200): Promise<{ items: StoredDeviceEvent[]; total: number }> {
    await requireDevice(this.access, this.devices, actor, 'estate.read', deviceId);
    const items = await this.log.history(deviceId, limit);
    return { items, total: items.length };
  }

  /** `to` defaults to now, `from` to a day before `to`. */
  async onlineHours(actor: Actor, deviceId: string, range: { from?: Date; to?: Date } = {}): Promise<OnlineReport> {
    await requireDevice(this.access, this.devices, actor, 'estate.read', deviceId);
    // text that is no date reaches here as an invalid Date: a 400 naming it, never a 500
    for (const field of ['from', 'to'] as const) if (range[field] && Number.isNaN(range[field].getTime())) throw new InputError(field, 'must be a date');
    const to = range.to ?? this.clock.now();
    const from = range.from ?? new Date(to.getTime() - DAY_MS);
    if (to < from) throw new InputError('to', 'must not be before from');
    const [fromHour, toHour] = [from.toISOString().slice(0, 13), to.toISOString().slice(0, 13)];
    if (!HOUR.test(fromHour) || !HOUR.test(toHour)) throw new InputError('from', 'must be a date');
    const hours = await this.online.forDevice(deviceId, fromHour, toHour);
    const observed = hours.reduce((s, h) => s + h.observedSec, 0);
    const up = hours.reduce((s, h) => s + h.onlineSec, 0);
    return { deviceId, from: fromHour, to: toHour, hours, onlineRate: observed > 0 ? up / observed : null };
  }
}
