import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { available, DEFAULT_TIME_ZONE, reorderAlertText, REORDER_ALERT_LEVEL, storesLink, type AlertText, type StockLevel } from '@vigil/domain';
import { AlertBudgetService, type AlertSubjectSource } from '../alerting/alert-budget.service';
import { StockRepository, UserRepository } from '../ports';

/**
 * Reorder alerts: when a store's available count of a part falls to or below its minimum, one alert per crossing goes to the
 * active supervisors and admins, and to a van's owner for a van, through the alert budget (subject `stock`, the stock level's id); one still waiting when the
 * stock is back above the minimum is dropped.
 */
@Injectable()
export class ReorderAlerts implements AlertSubjectSource {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly budget: AlertBudgetService,
    private readonly stock: StockRepository,
    private readonly users: UserRepository,
  ) {}

  /** In the process that sends the digests (the scheduler). */
  start(): void {
    this.budget.registerSubject('stock', this);
  }

  /** Offers the alert for a level that just crossed its minimum; in the transaction that changed it. */
  async offer(level: StockLevel): Promise<void> {
    const store = await this.stock.findStore(level.storeId);
    // a van's stock is its owner's to refill, beside the supervisors and admins who run the stores
    const vanOwner = store?.kind === 'van' ? store.ownerId : null;
    const people = (await this.users.list({}, {})).items.filter((u) => u.active && (u.role === 'supervisor' || u.role === 'admin' || u.id === vanOwner)).map((u) => u.id);
    if (people.length === 0) return;
    const reason = `库存低于最低 stock at or below minimum (${available(level)} ≤ ${level.minimum})`;
    await this.budget.offerAbout(
      { kind: 'stock', id: level.id, level: REORDER_ALERT_LEVEL, siteId: null, timeZone: DEFAULT_TIME_ZONE },
      { kind: 'alert', reason, step: 0 },
      people,
    );
  }

  async describe(ids: string[]): Promise<Map<string, { standing: boolean; text: AlertText }>> {
    const out = new Map<string, { standing: boolean; text: AlertText }>();
    for (const id of ids) {
      const level = await this.stock.findLevelById(id);
      if (!level) continue;
      const [store, model] = await Promise.all([this.stock.findStore(level.storeId), this.stock.findPartModel(level.partModelId)]);
      out.set(id, {
        standing: level.minimum > 0 && available(level) <= level.minimum,
        text: reorderAlertText(store ?? { name: level.storeId }, model ?? { sku: level.partModelId, name: level.partModelId }, level, storesLink(this.config.publicUrl)),
      });
    }
    return out;
  }
}
