import { Injectable } from '@nestjs/common';
import { formatInventoryCsv, parseInventoryCsv, type Actor, type Device, type RowError } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, SiteRepository, TransactionRunner } from '../ports';
import { AssetChanges } from './asset-changes';

export interface ImportOutcome {
  dryRun: boolean;
  created: number;
  updated: number;
  /** Unknown columns and the like: the file was still imported. */
  warnings: RowError[];
  /** A dry run only: what each line of the file would do, in the file's order (the page's preview). */
  lines?: ImportLine[];
}

export interface ImportLine {
  line: number;
  id: string;
  action: 'create' | 'update';
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
    private readonly access: AccessPolicy,
  ) {}

  /** The devices of the actor's scope. */
  async exportCsv(actor: Actor): Promise<string> {
    const inScope = await this.scopeTest(actor, 'estate.read');
    const sites = (await this.sites.listAll()).filter((s) => inScope(s.id));
    const devices = (await this.devices.listAll()).filter((d) => inScope(d.siteId));
    return formatInventoryCsv(devices, new Map(sites.map((s) => [s.id, s.code])));
  }

  /**
   * Rows may name only sites of the importer's scope and update only devices there: a site code outside it
   * reads as unknown, the id of a device outside it as not available (the file is refused, as for any bad row).
   */
  async importCsv(actor: Actor, text: string, dryRun: boolean): Promise<ImportOutcome> {
    const inScope = await this.scopeTest(actor, 'device.write');
    const outcome = await this.tx.run(async () => {
      const siteIdByCode = new Map((await this.sites.listAll()).filter((s) => inScope(s.id)).map((s) => [s.code, s.id]));
      const all = await this.devices.listAll();
      const registered = all.filter((d) => inScope(d.siteId));
      const existingDeviceIds = new Set(registered.map((d) => d.id));
      const existingParentOf = new Map(registered.map((d) => [d.id, d.parentId]));
      const unavailableDeviceIds = new Set(all.filter((d) => !inScope(d.siteId)).map((d) => d.id));
      const parsed = parseInventoryCsv(text, { siteIdByCode, existingDeviceIds, existingParentOf, unavailableDeviceIds });
      if (!parsed.ok) {
        throw new InputError('file', `${parsed.errors.length} problem(s) in the CSV; nothing was imported`, parsed.errors);
      }
      const created = parsed.rows.filter((r) => r.action === 'create').length;
      const result = { dryRun, created, updated: parsed.rows.length - created, ids: parsed.rows.map((r) => r.id), warnings: parsed.warnings };
      const absent = OPTIONAL_FIELDS.filter((f) => !parsed.columns.includes(f));
      if (dryRun) return { ...result, lines: parsed.rows.map(({ line, id, action }): ImportLine => ({ line, id, action })) };
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
    const { ids: _ids, ...answer } = outcome;
    return answer;
  }

  private async scopeTest(actor: Actor, permission: 'estate.read' | 'device.write'): Promise<(siteId: string) => boolean> {
    const siteIds = await this.access.siteFilter(actor, permission);
    if (siteIds === null) return () => true;
    const inside = new Set(siteIds);
    return (siteId) => inside.has(siteId);
  }
}
