import { describe, expect, it } from 'vitest';
import { buildPreview, decodeCsvFile, readCsvRecords, visibleRows } from './csv-preview';

describe('readCsvRecords', () => {
  it('should number records as the server does: header line 1, empty lines skipped, quoted cells whole', () => {
    const text = '\uFEFFid,type,siteCode,name\r\nA-1,dvr,S1,"录像机, 1号"\r\n\r\nA-2, camera ,S1,"say ""hi""\nagain"\nA-3,switch,S1\n';
    expect(readCsvRecords(text)).toEqual([
      { line: 1, cells: ['id', 'type', 'siteCode', 'name'] },
      { line: 2, cells: ['A-1', 'dvr', 'S1', '录像机, 1号'] },
      { line: 3, cells: ['A-2', 'camera', 'S1', 'say "hi"\nagain'] },
      { line: 4, cells: ['A-3', 'switch', 'S1'] },
    ]);
  });

  it('should read a last line without a line break, and nothing from an empty file', () => {
    expect(readCsvRecords('id\nX')).toEqual([
      { line: 1, cells: ['id'] },
      { line: 2, cells: ['X'] },
    ]);
    expect(readCsvRecords('')).toEqual([]);
  });
});

describe('buildPreview', () => {
  const FILE = 'ID,type,siteCode,name\nA-1,dvr,S1,Gate\nA-2,toaster,NOPE,\nA-3,camera,S1,Door\n';

  it("should put each of the dry run's errors on its line, and the header's above the table", () => {
    const preview = buildPreview(FILE, {
      ok: false,
      errors: [
        { line: 1, field: 'colour', message: 'unknown column' },
        { line: 3, field: 'type', message: 'unknown device type "toaster"' },
        { line: 3, field: 'siteCode', message: 'no site with code "NOPE"' },
      ],
    });
    expect(preview.rows.map((r) => [r.line, r.id, r.type, r.siteCode, r.name, r.errors.map((e) => e.field)])).toEqual([
      [2, 'A-1', 'dvr', 'S1', 'Gate', []],
      [3, 'A-2', 'toaster', 'NOPE', '', ['type', 'siteCode']],
      [4, 'A-3', 'camera', 'S1', 'Door', []],
    ]);
    expect(preview.fileErrors).toEqual([{ line: 1, field: 'colour', message: 'unknown column' }]);
    expect([preview.ok, preview.badLines]).toEqual([false, 1]);
    expect(visibleRows(preview, true).map((r) => r.line)).toEqual([3]);
    expect(visibleRows(preview, false)).toHaveLength(3);
  });

  it('should show what each line of a passed dry run would do', () => {
    const preview = buildPreview(FILE, {
      ok: true,
      outcome: {
        dryRun: true,
        created: 2,
        updated: 1,
        warnings: [],
        lines: [
          { line: 2, id: 'A-1', action: 'update' },
          { line: 3, id: 'A-2', action: 'create' },
          { line: 4, id: 'A-3', action: 'create' },
        ],
      },
    });
    expect(preview.rows.map((r) => r.action)).toEqual(['update', 'create', 'create']);
    expect([preview.ok, preview.created, preview.updated, preview.badLines]).toEqual([true, 2, 1, 0]);
  });

  it("should keep a 'file' problem off the rows even when it names a line", () => {
    const preview = buildPreview('id,type,siteCode\n', { ok: false, errors: [{ line: 2, field: 'file', message: 'the file has no device rows' }] });
    expect(preview.rows).toEqual([]);
    expect(preview.fileErrors).toHaveLength(1);
  });
});

describe('decodeCsvFile', () => {
  it('should read UTF-8, and GB18030 as Excel saves it on a Chinese Windows', () => {
    expect(decodeCsvFile(new TextEncoder().encode('id,name\nA,录像机\n').buffer as ArrayBuffer)).toBe('id,name\nA,录像机\n');
    // 录像机 in GB18030
    const gbk = new Uint8Array([0x41, 0x2c, 0xc2, 0xbc, 0xcf, 0xf1, 0xbb, 0xfa]);
    expect(decodeCsvFile(gbk.buffer)).toBe('A,录像机');
  });
});
