import { createHash } from 'node:crypto';
import { fileDigest, inventoryChanges, inventoryDigest, type InventoryRecord } from './inventory-digest';

const row = (id: string, name: string | null = null): InventoryRecord => ({
  id,
  type: 'camera',
  siteId: 's1',
  name,
  model: null,
  serial: null,
  firmware: null,
  parentId: null,
  heartbeatIntervalSec: 30,
  criticality: 'normal',
  installedAt: null,
  warrantyUntil: null,
});

describe(inventoryDigest.name, () => {
  it('should hash one canonical JSON line per row, keys sorted, in the given order, ignoring fields beyond the inventory', () => {
    const line = (id: string) =>
      `{"criticality":"normal","firmware":null,"heartbeatIntervalSec":30,"id":"${id}","installedAt":null,"model":null,"name":null,"parentId":null,"serial":null,"siteId":"s1","type":"camera","warrantyUntil":null}`;
    const expected = createHash('sha256')
      .update(`${line('a')}\n${line('b')}`)
      .digest('hex');
    expect(inventoryDigest([{ ...row('a'), status: 'online' } as InventoryRecord, row('b')])).toBe(expected);
    expect(inventoryDigest([row('b'), row('a')])).not.toBe(expected);
  });
});

describe(inventoryChanges.name, () => {
  it('should name only the fields that differ, as [before, after]', () => {
    expect(inventoryChanges(row('a'), row('a', '1号'))).toEqual({ name: [null, '1号'] });
    expect(inventoryChanges(row('a'), row('a'))).toEqual({});
  });
});

describe(fileDigest.name, () => {
  it('should be the SHA-256 of the UTF-8 text, as sha256sum prints it', () => {
    expect(fileDigest('id\n摄像机\n')).toBe(createHash('sha256').update(Buffer.from('id\n摄像机\n', 'utf8')).digest('hex'));
  });
});
