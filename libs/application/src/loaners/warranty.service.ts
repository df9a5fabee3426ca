import { Injectable } from '@nestjs/common';
import {
  DEFAULT_TIME_ZONE,
  deviceWarranty,
  fittedPartsWarranty,
  formatLocalDate,
  isLocalDay,
  type Actor,
  type Device,
  type DeviceWarranty,
  type FittedPartWarranty,
} from '@vigil/domain';
import { requireDevice } from '../assets/device-access';
import { PartsTermsService } from '../contracts/parts-terms.service';
import { InputError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, FaultPartRepository, FaultRepository, SiteRepository, StockRepository } from '../ports';

/** A device's warranty: its own date, or its acceptance plus the contract's deviceWarrantyMonths. */
@Injectable()
export class WarrantyService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly terms: PartsTermsService,
    private readonly faults: FaultRepository,
    private readonly faultParts: FaultPartRepository,
    private readonly stock: StockRepository,
    private readonly access: AccessPolicy,
    private readonly clock: ClockPort,
  ) {}

  /** On a local day (today in the site's zone when left out), with the parts fitted on it by its faults' repairs. */
  async get(actor: Actor, deviceId: string, on?: string): Promise<DeviceWarranty & { months: number; parts: FittedPartWarranty[] }> {
    if (on !== undefined && !isLocalDay(on)) throw new InputError('on', 'must be a day YYYY-MM-DD');
    const device = await requireDevice(this.access, this.devices, actor, 'estate.read', deviceId);
    const warranty = await this.of(device, this.clock.now(), on);
    const zone = (await this.sites.findById(device.siteId))?.timeZone ?? DEFAULT_TIME_ZONE;
    const faults = (await this.faults.list({ deviceId }, {})).items;
    const parts = (await Promise.all(faults.map((f) => this.faultParts.list({ faultId: f.id, state: 'fitted' })))).flat();
    const models = new Map((await this.stock.listPartModels()).map((m) => [m.id, m]));
    return { ...warranty, parts: fittedPartsWarranty(parts, models, warranty.on, zone) };
  }

  /** For the platform's own use (an RMA's default underWarranty): no actor. */
  async of(device: Device, now: Date, on?: string): Promise<DeviceWarranty & { months: number }> {
    const site = await this.sites.findById(device.siteId);
    const { deviceWarrantyMonths } = await this.terms.forContract(site?.contractId);
    const day = on ?? formatLocalDate(now, site?.timeZone ?? DEFAULT_TIME_ZONE);
    return { ...deviceWarranty(device, deviceWarrantyMonths, day), months: deviceWarrantyMonths };
  }
}
