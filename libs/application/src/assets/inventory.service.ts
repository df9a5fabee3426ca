import { Injectable } from '@nestjs/common';
import {
  fileDigest,
  formatInventoryCsv,
  inventoryChanges,
  inventoryDigest,
  parseInventoryCsv,
  type Actor,
  type Device,
  type DeviceImportRow,
  type InventoryField,
  type RowError,
} from '@vigil/domain';
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

/** One site's part of an import, as its audit entry tells it. */
interface SiteImport {
  rows: Device[];
  createdIds: string[];
  updated: Record<string, Partial<Record<InventoryField, [unknown, unknown]>>>;
  unchanged: number;
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
      const sites = (await this.sites.listAll()).filter((s) => inScope(s.id));
      const siteIdByCode = new Map(sites.map((s) => [s.code, s.id]));
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
      const result = { dryRun, created, updated: parsed.rows.length - created, warnings: parsed.warnings };
      if (dryRun) return { ...result, written: [], lines: parsed.rows.map(({ line, id, action }): ImportLine => ({ line, id, action })) };
      const absent = OPTIONAL_FIELDS.filter((f) => !parsed.columns.includes(f));
      const written = await this.write(actor, parsed.rows, absent, new Map(registered.map((d) => [d.id, d])), new Map(sites.map((s) => [s.id, s.customerId])), text);
      return { ...result, written };
    });
    // ingest learns the new and changed devices (liveness watch, lookups) as for a single device, in one announcement
    if (outcome.written.length > 0) this.changes.devicesChanged(outcome.written);
    const { written: _written, ...answer } = outcome;
    return answer;
  }

  /**
   * Writes the rows in bulk (multi-row statements) and audits the import as one entry per site it touches,
   * so a scoped auditor sees the entry of each of their sites: the counts, the digest of the rows as stored,
   * the ids created and each updated device's changed fields (before and after). Rows that change nothing
   * are counted as unchanged and not written. Answers the ids written.
   */
  private async write(
    actor: Actor,
    rows: DeviceImportRow[],
    absent: readonly (typeof OPTIONAL_FIELDS)[number][],
    before: ReadonlyMap<string, Device>,
    customerOf: ReadonlyMap<string, string | null>,
    text: string,
  ): Promise<string[]> {
    const now = this.clock.now();
    const inserts: Device[] = [];
    const updates: Device[] = [];
    const bySite = new Map<string, SiteImport>();
    for (const row of rows) {
      const old = before.get(row.id);
      const { line: _line, action: _action, siteCode: _siteCode, ...fields } = row;
      if (old) for (const f of absent) delete (fields as Partial<typeof fields>)[f];
      const device: Device = { status: 'unknown', lastSeenAt: null, conditions: [], createdAt: now, ...old, ...fields, updatedAt: now };
      let site = bySite.get(device.siteId);
      if (!site) bySite.set(device.siteId, (site = { rows: [], createdIds: [], updated: {}, unchanged: 0 }));
      site.rows.push(device);
      if (!old) {
        inserts.push(device);
        site.createdIds.push(device.id);
        continue;
      }
      const changes = inventoryChanges(old, device);
      if (Object.keys(changes).length === 0) {
        site.unchanged += 1;
        continue;
      }
      updates.push(device);
      site.updated[device.id] = changes;
    }
    await this.devices.insertMany(inserts);
    await this.devices.updateInventory(updates);
    const file = { sha256: fileDigest(text), rows: rows.length, sites: bySite.size };
    for (const [siteId, site] of bySite) {
      await this.audit.record(actor, 'import', 'device-inventory', null, null, {
        siteId,
        customerId: customerOf.get(siteId) ?? null,
        file,
        rows: site.rows.length,
        created: site.createdIds.length,
        updated: Object.keys(site.updated).length,
        unchanged: site.unchanged,
        rowsSha256: inventoryDigest(site.rows),
        createdIds: site.createdIds,
        changes: site.updated,
      });
    }
    return [...inserts, ...updates].map((d) => d.id);
  }

  private async scopeTest(actor: Actor, permission: 'estate.read' | 'device.write'): Promise<(siteId: string) => boolean> {
    const siteIds = await this.access.siteFilter(actor, permission);
    if (siteIds === null) return () => true;
    const inside = new Set(siteIds);
    return (siteId) => inside.has(siteId);
  }
}
