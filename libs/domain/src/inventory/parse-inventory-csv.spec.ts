import type { Device } from '../assets/asset.types';
import { formatInventoryCsv } from './format-inventory-csv';
import { parseInventoryCsv } from './parse-inventory-csv';
import type { InventoryContext } from './inventory-row';

const HEADER = 'id,type,siteCode,name,model,serial,firmware,parentId,heartbeatIntervalSec,criticality,installedAt,warrantyUntil';
const context: InventoryContext = {
  siteIdByCode: new Map([
    ['QD-R1', 'site-1'],
    ['JN', 'site-2'],
  ]),
  existingDeviceIds: new Set(['QD-R1-SW01']),
  existingParentOf: new Map([['QD-R1-SW01', null]]),
};
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

function errorsOf(text: string, ctx = context) {
  const result = parseInventoryCsv(text, ctx);
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => [e.line, e.field]);
}

describe(parseInventoryCsv.name, () => {
  it('should read a good file with defaults, forward parent references and upserts', () => {
    const result = parseInventoryCsv(
      csv(
        'QD-R1-DVR01-CAM01,camera,QD-R1,1号摄像机,DS-2CD,SN1,V5.7,QD-R1-DVR01,60,,2024-01-02,2027-01-02',
        'QD-R1-DVR01,dvr,QD-R1,"DVR, 大厅",DS-7816N-K2,SN2,V4.22.005,QD-R1-SW01,,high,,',
        'QD-R1-SW01,switch,QD-R1,核心交换机,S5130,SN3,,,,critical,,',
      ),
      context,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.line, r.id, r.action])).toEqual([
      [2, 'QD-R1-DVR01-CAM01', 'create'],
      [3, 'QD-R1-DVR01', 'create'],
      [4, 'QD-R1-SW01', 'update'],
    ]);
    expect(result.rows[1]).toMatchObject({ name: 'DVR, 大厅', heartbeatIntervalSec: 30, criticality: 'high', siteId: 'site-1', installedAt: null });
    expect(result.rows[0]).toMatchObject({ heartbeatIntervalSec: 60, criticality: 'normal', warrantyUntil: '2027-01-02' });
  });

  it('should accept an Excel file: BOM, CRLF and header names in any case, and warn on unknown columns', () => {
    const text = '\uFEFFID,Type,SITECODE,Remarks\r\nA1,dvr,JN,某备注\r\n';
    const result = parseInventoryCsv(text, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows[0]).toMatchObject({ id: 'A1', siteId: 'site-2' });
    expect(result.warnings).toEqual([{ line: 1, field: 'Remarks', message: 'unknown column, ignored' }]);
  });

  it('should report every bad row and field with its line', () => {
    expect(
      errorsOf(
        csv(
          'bad id,dvr,QD-R1,,,,,,,,,',
          'B1,toaster,QD-R1,,,,,,,,,',
          'B2,dvr,NOPE,,,,,,,,,',
          'B3,dvr,QD-R1,,,,,,0,,,',
          'B4,dvr,QD-R1,,,,,,,extreme,,',
          'B5,dvr,QD-R1,,,,,,,,2024-02-30,',
          'B6,dvr,QD-R1,,,,,,,,2025-01-01,2024-01-01',
          'B7,dvr,QD-R1,,,,,MISSING,,,,',
          'B1,dvr,QD-R1,,,,,,,,,',
          ',,,,,,,,,,,',
          `B9,dvr,QD-R1,${'x'.repeat(201)},,,,,,,,`,
          'B10,dvr,QD-R1,,,,,B10,,,,',
        ),
      ),
    ).toEqual([
      [2, 'id'],
      [3, 'type'],
      [4, 'siteCode'],
      [5, 'heartbeatIntervalSec'],
      [6, 'criticality'],
      [7, 'installedAt'],
      [8, 'warrantyUntil'],
      [9, 'parentId'],
      [10, 'id'],
      [11, 'id'],
      [11, 'type'],
      [11, 'siteCode'],
      [12, 'name'],
      [13, 'parentId'],
    ]);
  });

  it('should refuse a loop of parents inside the file', () => {
    expect(errorsOf(csv('L1,switch,QD-R1,,,,,L2,,,,', 'L2,switch,QD-R1,,,,,L1,,,,'))).toEqual([
      [2, 'parentId'],
      [3, 'parentId'],
    ]);
  });

  it('should refuse a missing required column, an empty file and a file with no rows', () => {
    expect(errorsOf('id,type\nA,dvr\n')).toEqual([[1, 'siteCode']]);
    expect(errorsOf('')).toEqual([[1, 'file']]);
    expect(errorsOf(HEADER + '\n')).toEqual([[2, 'file']]);
  });

  it('should refuse a malformed CSV with the line of the problem', () => {
    const result = parseInventoryCsv(csv('A1,dvr,QD-R1,"unclosed,,,,,,,,,'), context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].field).toBe('file');
    expect(result.errors[0].message).toMatch(/not a readable CSV/);
  });
});

describe(formatInventoryCsv.name, () => {
  const device = (over: Partial<Device>): Device => ({
    id: 'D1',
    type: 'dvr',
    siteId: 'site-1',
    name: '大厅 DVR',
    model: 'DS-7816N-K2',
    serial: 'SN1',
    firmware: 'V4.22.005',
    parentId: null,
    heartbeatIntervalSec: 30,
    criticality: 'high',
    installedAt: '2024-01-01',
    warrantyUntil: '2027-01-01',
    status: 'online',
    lastSeenAt: null,
    conditions: [],
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  });

  it('should import back to the same devices', () => {
    const devices = [device({}), device({ id: 'C1', type: 'camera', parentId: 'D1', name: 'a "quoted", name', criticality: 'normal', installedAt: null, warrantyUntil: null })];
    const text = formatInventoryCsv(devices, new Map([['site-1', 'QD-R1']]));
    expect(text.startsWith('\uFEFF')).toBe(true);
    const back = parseInventoryCsv(text, { siteIdByCode: new Map([['QD-R1', 'site-1']]), existingDeviceIds: new Set() });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.rows.map(({ line: _l, action: _a, siteCode: _s, ...rest }) => rest)).toEqual(
      devices.map(({ status: _s, lastSeenAt: _l, conditions: _k, createdAt: _c, updatedAt: _u, ...rest }) => rest),
    );
  });

  it('should keep a formula in a name from running in a spreadsheet', () => {
    const text = formatInventoryCsv([device({ name: '=HYPERLINK("http://x")', model: '+1', serial: '@SUM(A1)', firmware: '-2' })], new Map([['site-1', 'QD-R1']]));
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(",'+1,'@SUM(A1),'-2,");
  });

  it('should refuse a row whose id is taken by a device the importer may not change, saying no more than that', () => {
    const result = parseInventoryCsv(csv('A1,dvr,QD-R1,,,,,,,,,', 'OTHER-1,dvr,QD-R1,,,,,,,,,'), { ...context, unavailableDeviceIds: new Set(['OTHER-1']) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ line: 3, field: 'id', message: 'device id OTHER-1 is not available' }]);
  });
});
