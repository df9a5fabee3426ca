import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { buildDemoEstate, DEFAULT_WORKING_HOURS, demoLoanerUnits, DEMO_CONTRACT_ID, DEMO_SLA_POLICY, SYSTEM_ACTOR, type Device, type Site } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { AssetChanges } from '../assets/asset-changes';
import { ContractService } from '../contracts/contract.service';
import {
  CallbackRepository,
  ClockPort,
  CustomerRepository,
  DeviceRepository,
  FeedbackRepository,
  LoanerRepository,
  SiteRepository,
  SurveyRepository,
  TransactionRunner,
} from '../ports';
import { demoCallbacks, loadDemoCallbacks } from './demo-callbacks';
import { demoFeedback, loadDemoFeedback } from './demo-feedback';

/** With VIGIL_DEMO=1 and an empty database: the tender's customer, contract, sites and devices, a few feedback entries, a survey and callbacks, and two loaner units in the central store. */
@Injectable()
export class DemoEstateLoader {
  private readonly logger = new Logger(DemoEstateLoader.name);

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly customers: CustomerRepository,
    private readonly contracts: ContractService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly changes: AssetChanges,
    private readonly feedback: FeedbackRepository,
    private readonly callbacks: CallbackRepository,
    private readonly surveys: SurveyRepository,
    private readonly loaners: LoanerRepository,
  ) {}

  async loadIfEmpty(): Promise<void> {
    if (!this.config.demo) return;
    const loaded = await this.tx.run(async () => {
      if ((await this.sites.list({}, { limit: 1 })).total > 0) return null;
      const estate = buildDemoEstate();
      const now = this.clock.now();
      await this.customers.insert(estate.customer);
      await this.audit.record(SYSTEM_ACTOR, 'create', 'customer', estate.customer.id, null, estate.customer);
      await this.contracts.create(
        SYSTEM_ACTOR,
        {
          customerId: estate.customer.id,
          name: '山东视频监控系统运维服务合同 (demo)',
          startsOn: '2026-01-01',
          endsOn: '2027-12-31',
          timeZone: 'Asia/Shanghai',
          slaPolicy: DEMO_SLA_POLICY,
        },
        DEMO_CONTRACT_ID,
      );
      const siteIdByCode = new Map<string, string>();
      for (const s of estate.sites) {
        const site: Site = {
          id: randomUUID(),
          code: s.code,
          name: s.name,
          region: s.region,
          parentId: s.parentCode ? siteIdByCode.get(s.parentCode)! : null,
          customerId: estate.customer.id,
          contractId: DEMO_CONTRACT_ID,
          address: s.address,
          timeZone: 'Asia/Shanghai',
          workingHours: s.kind === 'provincial-centre' ? '00:00-24:00' : DEFAULT_WORKING_HOURS,
          siteClass: 'general',
          createdAt: now,
          updatedAt: now,
        };
        siteIdByCode.set(s.code, site.id);
        await this.sites.insert(site);
        await this.audit.record(SYSTEM_ACTOR, 'create', 'site', site.id, null, site);
      }
      for (const d of estate.devices) {
        const { siteCode, ...fields } = d;
        const device: Device = { ...fields, siteId: siteIdByCode.get(siteCode)!, status: 'unknown', lastSeenAt: null, conditions: [], createdAt: now, updatedAt: now };
        await this.devices.insert(device);
        await this.audit.record(SYSTEM_ACTOR, 'create', 'device', device.id, null, device);
      }
      const sites = [...siteIdByCode].map(([code, id]) => ({ code, id }));
      const devices = estate.devices.map((d) => ({ id: d.id, type: d.type, siteId: siteIdByCode.get(d.siteCode)! }));
      await loadDemoFeedback(this.feedback, this.audit, demoFeedback({ customerId: estate.customer.id, contractId: DEMO_CONTRACT_ID, sites, devices }, now));
      await loadDemoCallbacks(
        { surveys: this.surveys, callbacks: this.callbacks },
        this.audit,
        demoCallbacks({ customerId: estate.customer.id, contractId: DEMO_CONTRACT_ID, sites }, now),
      );
      // the loaner pool, without MQTT logins: the demo's devices have none either until an installer issues them
      for (const unit of demoLoanerUnits(now)) {
        await this.loaners.save(unit);
        await this.audit.record(SYSTEM_ACTOR, 'create', 'loaner', unit.id, null, unit);
      }
      return estate;
    });
    if (!loaded) return;
    this.changes.devicesChanged(loaded.devices.map((d) => d.id));
    this.logger.log(`loaded the demo estate: ${loaded.sites.length} sites, ${loaded.devices.length} devices`);
  }
}
