import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE, formatLocalTime, neutraliseCell, type Actor } from '@vigil/domain';
import { ContractRepository, CsvWriter, CustomerRepository, SiteRepository, UserRepository, type CsvCell } from '../ports';
import { FeedbackService, type FeedbackListFilter } from './feedback.service';

const HEADER = [
  'id',
  'received (local)',
  'kind',
  'channel',
  'level',
  'customer',
  'site',
  'device',
  'fault',
  'reporter',
  'contact',
  'text',
  'handler',
  'state',
  'due (local)',
  'overdue',
  'resolved (local)',
  'resolution',
  'confirmed by',
  'confirmed (local)',
  'closed (local)',
];

/** The register as CSV: one row an entry, times in the entry's contract zone with the zone named, people's text made inert. */
@Injectable()
export class FeedbackExportService {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly customers: CustomerRepository,
    private readonly contracts: ContractRepository,
    private readonly sites: SiteRepository,
    private readonly users: UserRepository,
    private readonly csv: CsvWriter,
  ) {}

  async exportCsv(actor: Actor, filter: FeedbackListFilter): Promise<string> {
    const entries = await this.feedback.listAll(actor, filter);
    const names = new Map<string, string>();
    const name = async (key: string, find: () => Promise<string | null | undefined>) => {
      if (!names.has(key)) names.set(key, (await find()) ?? '');
      return names.get(key)!;
    };
    const rows: CsvCell[][] = [HEADER];
    for (const e of entries) {
      const zone = e.contractId ? await name(`zone:${e.contractId}`, async () => (await this.contracts.findById(e.contractId!))?.timeZone) : DEFAULT_TIME_ZONE;
      const t = (at: Date | null) => formatLocalTime(at, zone || DEFAULT_TIME_ZONE);
      rows.push([
        e.id,
        t(e.receivedAt),
        e.kind,
        e.channel,
        e.level ?? '',
        neutraliseCell(await name(`customer:${e.customerId}`, async () => (await this.customers.findById(e.customerId))?.name)),
        neutraliseCell(e.siteId ? await name(`site:${e.siteId}`, async () => (await this.sites.findById(e.siteId!))?.name) : ''),
        neutraliseCell(e.deviceId),
        e.faultId ?? '',
        neutraliseCell(e.reporterName),
        neutraliseCell(e.reporterContact),
        neutraliseCell(e.text),
        neutraliseCell(e.handlerId ? await name(`user:${e.handlerId}`, async () => (await this.users.findById(e.handlerId!))?.username) : ''),
        e.state,
        t(e.dueAt),
        e.overdue ? 'yes' : '',
        t(e.resolvedAt),
        neutraliseCell(e.resolution),
        neutraliseCell(e.confirmation?.name),
        t(e.confirmation?.at ?? null),
        t(e.closedAt),
      ]);
    }
    // the byte-order mark: spreadsheets open the Chinese text as UTF-8
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }
}
