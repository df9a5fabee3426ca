import { Injectable } from '@nestjs/common';
import type { StoredDeviceEvent } from '@vigil/domain';
import { InputError, NotFoundError } from '../errors';
import { DeviceEventLog, DeviceRepository, OnlineHistoryRepository, type OnlineHour } from '../ports';

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
  constructor(private readonly devices: DeviceRepository, private readonly log: DeviceEventLog, private readonly online: OnlineHistoryRepository) {}

  async events(deviceId: string, limit = 200): Promise<{ items: StoredDeviceEvent[]; total: number }> {
    await this.requireDevice(deviceId);
    const items = await this.log.history(deviceId, limit);
    return { items, total: items.length };
  }

  async onlineHours(deviceId: string, from: Date, to: Date): Promise<OnlineReport> {
    await this.requireDevice(deviceId);
    if (to < from) throw new InputError('to', 'must not be before from');
    const [fromHour, toHour] = [from.toISOString().slice(0, 13), to.toISOString().slice(0, 13)];
    if (!HOUR.test(fromHour) || !HOUR.test(toHour)) throw new InputError('from', 'must be a date');
    const hours = await this.online.forDevice(deviceId, fromHour, toHour);
    const observed = hours.reduce((s, h) => s + h.observedSec, 0);
    const up = hours.reduce((s, h) => s + h.onlineSec, 0);
    return { deviceId, from: fromHour, to: toHour, hours, onlineRate: observed > 0 ? up / observed : null };
  }

  private async requireDevice(id: string): Promise<void> {
    if (!(await this.devices.findById(id))) throw new NotFoundError('device', id);
  }
}
