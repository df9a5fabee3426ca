import { parse } from 'csv-parse/sync';
import type { DeviceType } from '../assets/device-type';
import { checkCriticality, checkDate, checkDeviceId, checkInterval, checkText, checkType, type FieldCheck } from './inventory-field.rules';
import { INVENTORY_COLUMNS, REQUIRED_COLUMNS, type DeviceImportRow, type InventoryColumn, type InventoryContext, type InventoryParseResult, type RowError } from './inventory-row';

const TEXT_LIMITS: Partial<Record<InventoryColumn, number>> = { name: 200, model: 100, serial: 100, firmware: 100 };

function readRecords(text: string): { records: string[][] } | { error: RowError } {
  try {
    return { records: parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) };
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { error: { line: e.lines ?? 1, field: 'file', message: `not a readable CSV file: ${e.message}` } };
  }
}

/**
 * Checks a whole inventory file and answers either every row ready to write or every problem,
 * each with the line a spreadsheet shows (header = line 1) and the field.
 */
export function parseInventoryCsv(text: string, context: InventoryContext): InventoryParseResult {
  const read = readRecords(text);
  if ('error' in read) return { ok: false, errors: [read.error], warnings: [] };
  const [header, ...body] = read.records;
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  if (!header) return { ok: false, errors: [{ line: 1, field: 'file', message: 'the file is empty' }], warnings };

  const index = new Map<InventoryColumn, number>();
  header.forEach((name, i) => {
    const known = INVENTORY_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (known) index.set(known, i);
    else warnings.push({ line: 1, field: name, message: 'unknown column, ignored' });
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!index.has(column)) errors.push({ line: 1, field: column, message: `the header has no ${column} column` });
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  if (body.length === 0) return { ok: false, errors: [{ line: 2, field: 'file', message: 'the file has no device rows' }], warnings };

  const rows: DeviceImportRow[] = [];
  const lineOfId = new Map<string, number>();
  body.forEach((record, i) => {
    const line = i + 2;
    const cell = (c: InventoryColumn) => (index.has(c) ? (record[index.get(c)!] ?? '') : '');
    const take = <T>(field: string, check: FieldCheck<T>): T | undefined => {
      if (check.ok) return check.value;
      errors.push({ line, field, message: check.message });
      return undefined;
    };
    const id = take('id', checkDeviceId(cell('id')));
    const type = take('type', checkType(cell('type')));
    const siteCode = cell('siteCode');
    const siteId = siteCode === '' ? undefined : context.siteIdByCode.get(siteCode);
    if (siteCode === '') errors.push({ line, field: 'siteCode', message: 'siteCode is required' });
    else if (!siteId) errors.push({ line, field: 'siteCode', message: `no site with code "${siteCode}"` });
    const parentRaw = cell('parentId');
    const keptParent = !index.has('parentId') && id !== undefined ? (context.existingParentOf?.get(id) ?? null) : null;
    const parentId = parentRaw === '' ? keptParent : take('parentId', checkDeviceId(parentRaw, 'parentId'));
    const texts = Object.fromEntries((Object.keys(TEXT_LIMITS) as InventoryColumn[]).map((c) => [c, take(c, checkText(cell(c), TEXT_LIMITS[c]!))])) as Record<
      'name' | 'model' | 'serial' | 'firmware',
      string | null | undefined
    >;
    const interval = take('heartbeatIntervalSec', checkInterval(cell('heartbeatIntervalSec')));
    const criticality = take('criticality', checkCriticality(cell('criticality')));
    const installedAt = take('installedAt', checkDate(cell('installedAt')));
    const warrantyUntil = take('warrantyUntil', checkDate(cell('warrantyUntil')));
    if (installedAt && warrantyUntil && warrantyUntil < installedAt) {
      errors.push({ line, field: 'warrantyUntil', message: 'must not be before installedAt' });
    }
    if (id !== undefined && context.unavailableDeviceIds?.has(id)) errors.push({ line, field: 'id', message: `device id ${id} is not available` });
    if (id !== undefined) {
      const seen = lineOfId.get(id);
      if (seen !== undefined) errors.push({ line, field: 'id', message: `${id} already appears on line ${seen}` });
      else lineOfId.set(id, line);
      if (parentId === id) errors.push({ line, field: 'parentId', message: 'a device cannot hang off itself' });
    }
    if (
      id === undefined ||
      type === undefined ||
      !siteId ||
      parentId === undefined ||
      interval === undefined ||
      criticality === undefined ||
      installedAt === undefined ||
      warrantyUntil === undefined ||
      Object.values(texts).some((v) => v === undefined)
    )
      return;
    rows.push({
      line,
      action: context.existingDeviceIds.has(id) ? 'update' : 'create',
      id,
      type: type as DeviceType,
      siteCode,
      siteId,
      name: texts.name!,
      model: texts.model!,
      serial: texts.serial!,
      firmware: texts.firmware!,
      parentId,
      heartbeatIntervalSec: interval,
      criticality,
      installedAt,
      warrantyUntil,
    });
  });

  errors.push(...checkTopology(rows, lineOfId, context));
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, rows, columns: INVENTORY_COLUMNS.filter((c) => index.has(c)), warnings };
}

/** Parents must exist (in the register or the file) and no chain of parents may loop. */
function checkTopology(rows: DeviceImportRow[], lineOfId: Map<string, number>, context: InventoryContext): RowError[] {
  const errors: RowError[] = [];
  const parentOf = new Map<string, string | null>(context.existingParentOf ?? []);
  for (const row of rows) parentOf.set(row.id, row.parentId);
  for (const row of rows) {
    if (row.parentId === null || row.parentId === row.id) continue;
    if (!lineOfId.has(row.parentId) && !context.existingDeviceIds.has(row.parentId)) {
      errors.push({ line: row.line, field: 'parentId', message: `no device ${row.parentId} in the file or the register` });
      continue;
    }
    const visited = new Set<string>([row.id]);
    let cursor = parentOf.get(row.parentId) === undefined ? null : row.parentId;
    while (cursor !== null) {
      if (visited.has(cursor)) {
        errors.push({ line: row.line, field: 'parentId', message: 'the parents of this device form a loop' });
        break;
      }
      visited.add(cursor);
      cursor = parentOf.get(cursor) ?? null;
    }
  }
  return errors;
}
