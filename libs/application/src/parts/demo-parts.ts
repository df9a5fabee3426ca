import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { DEMO_PART_MODELS, DEMO_STORES, SYSTEM_ACTOR, type PartModel, type Store } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ClockPort, StockRepository, TransactionRunner, UserRepository } from '../ports';
import { StockLedger } from './stock-ledger';

/** With VIGIL_DEMO=1 and no stores yet: the central store and an engineer's van (the first active engineer's), part models and stock. */
@Injectable()
export class DemoParts {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly stock: StockRepository,
    private readonly ledger: StockLedger,
    private readonly users: UserRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async loadIfEmpty(): Promise<void> {
    if (!this.config.demo) return;
    await this.tx.run(async () => {
      if ((await this.stock.listStores()).length > 0) return;
      const now = this.clock.now();
      const engineer = (await this.users.list({ role: 'engineer' }, {})).items.find((u) => u.active) ?? null;
      const models = new Map<string, PartModel>();
      for (const m of DEMO_PART_MODELS) {
        const model: PartModel = { ...m, id: randomUUID(), createdAt: now, updatedAt: now };
        await this.stock.insertPartModel(model);
        await this.audit.record(SYSTEM_ACTOR, 'create', 'part-model', model.id, null, model);
        models.set(m.sku, model);
      }
      for (const s of DEMO_STORES) {
        const store: Store = {
          id: s.id ?? randomUUID(),
          name: s.name,
          kind: s.kind,
          region: s.region,
          ownerId: s.van ? (engineer?.id ?? null) : null,
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        await this.stock.insertStore(store);
        await this.audit.record(SYSTEM_ACTOR, 'create', 'store', store.id, null, store);
        for (const [sku, level] of Object.entries(s.stock)) {
          const partModelId = models.get(sku)!.id;
          await this.ledger.move(SYSTEM_ACTOR, {
            kind: 'receive',
            storeId: store.id,
            partModelId,
            onHandDelta: level.onHand,
            reservedDelta: 0,
            reason: '初始库存 opening stock (demo)',
          });
          // after the receipt, so the opening stock does not cross its own minimum
          await this.ledger.setMinimum(SYSTEM_ACTOR, store.id, partModelId, level.minimum);
        }
      }
    });
  }
}
