import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE, formatLocalTime, neutraliseCell, type Actor } from '@vigil/domain';
import { CsvWriter, StockRepository, type CsvCell, type MovementFilter } from '../ports';
import { StockService } from './stock.service';

const HEADER: CsvCell[] = [
  '时间 at',
  '类型 kind',
  '库房 store',
  '备件编码 SKU',
  '备件 part',
  '在库变化 on hand Δ',
  '预留变化 reserved Δ',
  '操作人 actor',
  '原因 reason',
  '故障 fault',
  '对方库房 other store',
  '新件序列号 serial in',
  '旧件序列号 serial out',
];

/** The stock ledger as CSV for people: times in the contractor's zone (named), stores and parts by name, people's text made inert. */
@Injectable()
export class StockExportService {
  constructor(
    private readonly stockService: StockService,
    private readonly stock: StockRepository,
    private readonly csv: CsvWriter,
  ) {}

  async movementsCsv(actor: Actor, filter: MovementFilter): Promise<string> {
    const { items } = await this.stockService.movements(actor, filter, {});
    const stores = new Map((await this.stock.listStores()).map((s) => [s.id, s.name]));
    const models = new Map((await this.stock.listPartModels()).map((m) => [m.id, m]));
    const rows: CsvCell[][] = [HEADER];
    for (const m of items) {
      const model = models.get(m.partModelId);
      rows.push([
        formatLocalTime(m.at, DEFAULT_TIME_ZONE),
        m.kind,
        neutraliseCell(stores.get(m.storeId) ?? m.storeId),
        neutraliseCell(model?.sku ?? m.partModelId),
        neutraliseCell(model?.name ?? ''),
        m.onHandDelta,
        m.reservedDelta,
        neutraliseCell(m.actor),
        neutraliseCell(m.reason),
        m.faultId ?? '',
        neutraliseCell(m.otherStoreId ? (stores.get(m.otherStoreId) ?? m.otherStoreId) : ''),
        neutraliseCell(m.serialIn),
        neutraliseCell(m.serialOut),
      ]);
    }
    // the byte-order mark: spreadsheets open the Chinese text as UTF-8
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }
}
