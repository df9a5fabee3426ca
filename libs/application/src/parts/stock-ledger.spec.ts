import type { StockLevel, StockMovement } from '@vigil/domain';
import { unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { ConflictError } from '../errors';
import type { StockRepository } from '../ports';
import { FakeClock } from '../testing';
import type { ReorderAlerts } from './reorder-alerts';
import { StockLedger } from './stock-ledger';

function setUp() {
  const levels = new Map<string, StockLevel>();
  const movements: StockMovement[] = [];
  const offered: StockLevel[] = [];
  const key = (s: string, m: string) => `${s}/${m}`;
  const stock = strictFake<StockRepository>('stock', {
    findLevelForUpdate: async (s: string, m: string) => levels.get(key(s, m)) ?? null,
    insertLevel: async (l: StockLevel) => void levels.set(key(l.storeId, l.partModelId), l),
    updateLevel: async (l: StockLevel) => void levels.set(key(l.storeId, l.partModelId), l),
    addMovement: async (m: StockMovement) => void movements.push(m),
  });
  const ledger = new StockLedger(
    stock,
    strictFake<AuditService>('audit', { record: async () => ({}) as never }),
    strictFake<ReorderAlerts>('reorder', { offer: async (l: StockLevel) => void offered.push(l) }),
    new FakeClock(new Date('2026-12-02T00:00:00Z')),
  );
  return { ledger, levels, movements, offered };
}

describe(StockLedger.name, () => {
  const sup = unitActor('supervisor');
  const change = (onHandDelta: number, reservedDelta: number) => ({ kind: 'adjust' as const, storeId: 'van', partModelId: 'disk', onHandDelta, reservedDelta, reason: 'count' });

  it('should offer one reorder alert per crossing of the minimum, and another after the stock went back above it', async () => {
    const { ledger, offered, movements } = setUp();
    await ledger.move(sup, change(3, 0));
    await ledger.setMinimum(sup, 'van', 'disk', 1);
    await ledger.move(sup, change(0, 2)); // available 1: crossed
    await ledger.move(sup, change(-1, -1)); // still 1: the same crossing
    expect(offered).toHaveLength(1);
    await ledger.move(sup, change(2, 0)); // 3 available: above again
    await ledger.move(sup, change(-2, 0)); // 1: a new crossing
    expect(offered).toHaveLength(2);
    expect(movements.map((m) => m.actor)).toEqual(Array(5).fill(sup.username));
  });

  it('should refuse a change leaving fewer on hand than reserved, writing nothing', async () => {
    const { ledger, movements } = setUp();
    await ledger.move(sup, change(1, 1));
    await expect(ledger.move(sup, change(-1, 0))).rejects.toBeInstanceOf(ConflictError);
    expect(movements).toHaveLength(1);
  });
});
