import type { AlertText } from '../alerting/alert-message';
import type { PartModel, StockLevel, Store } from './parts';
import { available } from './parts';

/** What a reorder alert says: which part, in which store, how many are left against the minimum. */
export function reorderAlertText(
  store: Pick<Store, 'name'>,
  model: Pick<PartModel, 'sku' | 'name'>,
  level: Pick<StockLevel, 'onHand' | 'reserved' | 'minimum'>,
  link: string | null,
): AlertText {
  const what = `备件补货 reorder · ${model.name} (${model.sku}) · ${store.name}`;
  const lines = [
    what,
    `可用 available ${available(level)} · 最低库存 minimum ${level.minimum} · 在库 on hand ${level.onHand} · 已预留 reserved ${level.reserved}`,
    ...(link ? [link] : []),
  ];
  return { title: `[Vigil] 库存低于最低 stock at or below minimum: ${what}`, lines };
}

/** The web page of the stores, where the stock is reordered from. */
export function storesLink(publicUrl: string | null): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/#/stores` : null;
}
