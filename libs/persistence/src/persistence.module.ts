import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  AuditRepository,
  ContractRepository,
  CustomerRepository,
  DatabaseProbe,
  DeviceRepository,
  SettingsRepository,
  SiteRepository,
  TransactionRunner,
  UserRepository,
  HolidayScheduleRepository,
  DeviceStateRepository,
  DeviceEventHistory,
  DeviceEventLog,
  ConsumerOffsets,
  DiscoveredDeviceRepository,
  OnlineHistoryRepository,
  VideoEvidenceRepository,
  FaultRepository,
  ScheduledActions,
  NotificationLog,
  OnCallRotaRepository,
  MaintenanceWindowRepository,
  PatrolRepository,
  FeedbackRepository,
  FileStore,
  KeyStore,
  DeviceSecretRepository,
  LoginFailureRepository,
  AlertQueue,
  IngestSnapshotRepository,
  IdempotencyRepository,
  CallbackRepository,
  SurveyRepository,
  CallbackSettingsRepository,
  PartsTermsRepository,
  LoanerRepository,
  LoanRepository,
  RmaRepository,
  RepeatFailureRepository,
  CustomerLinkRepository,
  ServiceRecordRepository,
  StockRepository,
  FaultPartRepository,
  GatewayRepository,
  DeviceManagementRepository,
} from '@vigil/application';
import { TypeormDeviceManagementRepository, TypeormGatewayRepository } from './repositories/typeorm-gateway.repository';
import { TypeormFaultPartRepository, TypeormStockRepository } from './repositories/typeorm-parts.repositories';
import { TypeormCallbackRepository, TypeormSurveyRepository } from './repositories/typeorm-callback.repositories';
import { TypeormCallbackSettingsRepository, TypeormPartsTermsRepository } from './repositories/typeorm-contract-terms.repositories';
import { TypeormLoanerRepository, TypeormLoanRepository, TypeormRepeatFailureRepository, TypeormRmaRepository } from './repositories/typeorm-loaner.repositories';
import { TypeormServiceRecordRepository } from './repositories/typeorm-service-record.repository';
import { TypeormCustomerLinkRepository } from './repositories/typeorm-customer-link.repository';
import { TypeormIngestSnapshotRepository } from './repositories/typeorm-ingest-snapshot.repository';
import { TypeormIdempotencyRepository } from './repositories/typeorm-idempotency.repository';
import { TypeormDeviceSecretRepository } from './repositories/typeorm-device-secret.repository';
import { TypeormLoginFailureRepository } from './repositories/typeorm-login-failure.repository';
import { TypeormPatrolRepository } from './repositories/typeorm-patrol.repository';
import { DiskFileStore } from './disk-file.store';
import { InstallKeyStore } from './install-key.store';
import { TypeormFaultRepository } from './repositories/typeorm-fault.repository';
import { TypeormFeedbackRepository } from './repositories/typeorm-feedback.repository';
import { TypeormScheduledActions } from './repositories/typeorm-scheduled-actions';
import { TypeormAlertQueue, TypeormMaintenanceWindowRepository, TypeormNotificationLog, TypeormOnCallRotaRepository } from './repositories/typeorm-alerting.repositories';
import { TypeormDeviceStateRepository } from './repositories/typeorm-device-state.repository';
import { TypeormConsumerOffsets, TypeormDeviceEventHistory, TypeormDeviceEventLog } from './repositories/typeorm-device-event-log';
import { TypeormDiscoveredDeviceRepository, TypeormOnlineHistoryRepository } from './repositories/typeorm-discovered-device.repository';
import { TypeormHolidayScheduleRepository } from './repositories/typeorm-holiday-schedule.repository';
import { openDatabase } from './data-source.factory';
import { TypeormTransactionRunner } from './typeorm-transaction.runner';
import { TypeormDatabaseProbe } from './typeorm-database.probe';
import { TypeormAuditRepository } from './repositories/typeorm-audit.repository';
import { TypeormContractRepository, TypeormCustomerRepository } from './repositories/typeorm-customer-contract.repository';
import { TypeormDeviceRepository } from './repositories/typeorm-device.repository';
import { TypeormSettingsRepository } from './repositories/typeorm-settings.repository';
import { TypeormSiteRepository } from './repositories/typeorm-site.repository';
import { TypeormVideoEvidenceRepository } from './repositories/typeorm-video-evidence.repository';
import { TypeormUserRepository } from './repositories/typeorm-user.repository';

const ports = [
  { provide: UserRepository, useClass: TypeormUserRepository },
  { provide: SiteRepository, useClass: TypeormSiteRepository },
  { provide: DeviceRepository, useClass: TypeormDeviceRepository },
  { provide: AuditRepository, useClass: TypeormAuditRepository },
  { provide: SettingsRepository, useClass: TypeormSettingsRepository },
  { provide: CustomerRepository, useClass: TypeormCustomerRepository },
  { provide: ContractRepository, useClass: TypeormContractRepository },
  { provide: DatabaseProbe, useClass: TypeormDatabaseProbe },
  { provide: HolidayScheduleRepository, useClass: TypeormHolidayScheduleRepository },
  { provide: DeviceStateRepository, useClass: TypeormDeviceStateRepository },
  { provide: DeviceEventLog, useClass: TypeormDeviceEventLog },
  { provide: DeviceEventHistory, useClass: TypeormDeviceEventHistory },
  { provide: ConsumerOffsets, useClass: TypeormConsumerOffsets },
  { provide: DiscoveredDeviceRepository, useClass: TypeormDiscoveredDeviceRepository },
  { provide: OnlineHistoryRepository, useClass: TypeormOnlineHistoryRepository },
  { provide: FaultRepository, useClass: TypeormFaultRepository },
  { provide: ScheduledActions, useClass: TypeormScheduledActions },
  { provide: NotificationLog, useClass: TypeormNotificationLog },
  { provide: AlertQueue, useClass: TypeormAlertQueue },
  { provide: OnCallRotaRepository, useClass: TypeormOnCallRotaRepository },
  { provide: MaintenanceWindowRepository, useClass: TypeormMaintenanceWindowRepository },
  { provide: PatrolRepository, useClass: TypeormPatrolRepository },
  { provide: FeedbackRepository, useClass: TypeormFeedbackRepository },
  { provide: FileStore, useClass: DiskFileStore },
  { provide: LoginFailureRepository, useClass: TypeormLoginFailureRepository },
  { provide: KeyStore, useClass: InstallKeyStore },
  { provide: DeviceSecretRepository, useClass: TypeormDeviceSecretRepository },
  { provide: IngestSnapshotRepository, useClass: TypeormIngestSnapshotRepository },
  { provide: IdempotencyRepository, useClass: TypeormIdempotencyRepository },
  { provide: CallbackRepository, useClass: TypeormCallbackRepository },
  { provide: SurveyRepository, useClass: TypeormSurveyRepository },
  { provide: CallbackSettingsRepository, useClass: TypeormCallbackSettingsRepository },
  { provide: PartsTermsRepository, useClass: TypeormPartsTermsRepository },
  { provide: LoanerRepository, useClass: TypeormLoanerRepository },
  { provide: LoanRepository, useClass: TypeormLoanRepository },
  { provide: RmaRepository, useClass: TypeormRmaRepository },
  { provide: RepeatFailureRepository, useClass: TypeormRepeatFailureRepository },
  { provide: CustomerLinkRepository, useClass: TypeormCustomerLinkRepository },
  { provide: ServiceRecordRepository, useClass: TypeormServiceRecordRepository },
  { provide: StockRepository, useClass: TypeormStockRepository },
  { provide: FaultPartRepository, useClass: TypeormFaultPartRepository },
  { provide: VideoEvidenceRepository, useClass: TypeormVideoEvidenceRepository },
  { provide: GatewayRepository, useClass: TypeormGatewayRepository },
  { provide: DeviceManagementRepository, useClass: TypeormDeviceManagementRepository },
];

const database: Provider[] = [
  { provide: DataSource, inject: [VIGIL_CONFIG], useFactory: (config: VigilConfig) => openDatabase(config.database) },
  TypeormTransactionRunner,
  { provide: TransactionRunner, useExisting: TypeormTransactionRunner },
];

@Global()
@Module({
  providers: [...database, ...ports],
  exports: [DataSource, TypeormTransactionRunner, TransactionRunner, ...ports.map((p) => p.provide)],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * For one-shot commands on the audit chain: the database, the audit and settings repositories, and keys found
   * where the platform keeps them but never created or moved (a wrong VIGIL_DATA_DIR must not mint a new key).
   */
  static forAuditCommand(): DynamicModule {
    const provided = [AuditRepository, SettingsRepository, KeyStore];
    return {
      module: PersistenceCommandModule,
      providers: [
        ...database,
        ...ports.filter((p) => p.provide === AuditRepository || p.provide === SettingsRepository),
        {
          provide: KeyStore,
          inject: [VIGIL_CONFIG, SettingsRepository],
          useFactory: (config: VigilConfig, settings: SettingsRepository) => InstallKeyStore.readOnly(config, settings),
        },
      ],
      exports: [TransactionRunner, ...provided],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** PersistenceModule.forAuditCommand's module, its bindings all given there. */
@Module({})
export class PersistenceCommandModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
