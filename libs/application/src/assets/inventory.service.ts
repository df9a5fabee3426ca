import { Injectable } from '@nestjs/common';
import { formatInventoryCsv, parseInventoryCsv, type Actor, type Device, type RowError } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError } from '../errors';
import { ClockPort, DeviceRepository, SiteRepository, TransactionRunner } from '../ports';
import { AssetChanges } from './asset-changes';

export interface ImportOutcome {
  dryRun: boolean;
  created: number;
  updated: number;
  /** Unknown columns and the like: the file was still imported. */
  warnings: RowError[];
}

/** Row fields an update takes from the file only when the file has their column. */
const OPTIONAL_FIELDS = ['name', 'model', 'serial', 'firmware', 'parentId', 'heartbeatIntervalSec', 'criticality', 'installedAt', 'warrantyUntil'] as const;

/** The device inventory as a spreadsheet: all rows are written, or none, with every bad row reported. */
@Injectable()
export class InventoryService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly changes: AssetChanges,
  ) {}

  async exportCsv(): Promise<string> {
    const siteCodeById = new Map((await this.sites.listAll()).map((s) => [s.id, s.code]));
    return formatInventoryCsv(await this.devices.listAll(), siteCodeById);
  }

  async importCsv(actor: Actor, text: string, dryRun: boolean): Promise<ImportOutcome> {
    const outcome = await this.tx.run(async () => {
      const siteIdByCode = new Map((await this.sites.listAll()).map((s) => [s.code, s.id]));
      const registered = await this.devices.listAll();
      const existingDeviceIds = new Set(registered.map((d) => d.id));
      const existingParentOf = new Map(registered.map((d) => [d.id, d.parentId]));
      const parsed = parseInventoryCsv(text, { siteIdByCode, existingDeviceIds, existingParentOf });
      if (!parsed.ok) {
        throw new InputError('file', `${parsed.errors.length} problem(s) in the CSV; nothing was imported`, parsed.errors);
      }
      const created = parsed.rows.filter((r) => r.action === 'create').length;
      const result = { dryRun, created, updated: parsed.rows.length - created, ids: parsed.rows.map((r) => r.id), warnings: parsed.warnings };
      const absent = OPTIONAL_FIELDS.filter((f) => !parsed.columns.includes(f));
      if (dryRun) return result;
      const now = this.clock.now();
      const before = new Map((await this.devices.findByIds(result.ids)).map((d) => [d.id, d]));
      for (const row of parsed.rows) {
        const old = before.get(row.id);
        const { line: _line, action: _action, siteCode: _siteCode, ...fields } = row;
        if (old) for (const f of absent) delete (fields as Partial<typeof fields>)[f];
        const device: Device = {
          status: 'unknown',
          lastSeenAt: null,
          conditions: [],
          createdAt: now,
          ...old,
          ...fields,
          updatedAt: now,
        };
        if (old) await this.devices.update(device);
        else await this.devices.insert(device);
        await this.audit.record(actor, old ? 'update' : 'create', 'device', device.id, old ?? null, device);
      }
      await this.audit.record(actor, 'import', 'device-inventory', null, null, { created, updated: result.updated });
      return result;
    });
    if (!dryRun) this.changes.devicesChanged(outcome.ids);
    return { dryRun: outcome.dryRun, created: outcome.created, updated: outcome.updated, warnings: outcome.warnings };
  }
}
