import { AuditCheckpointEntity, AuditEntryEntity, AuditHeadEntity } from './audit-entry.entity';
import { ContractEntity } from './contract.entity';
import { CustomerEntity } from './customer.entity';
import { DeviceEntity } from './device.entity';
import { DeviceEventEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity, EventConsumerOffsetEntity } from './device-event.entity';
import { FaultAffectedEntity, FaultEntity, FaultHistoryEntity, MaintenanceWindowEntity, NotificationEntity, OnCallRotaEntity, ScheduledActionEntity } from './fault.entity';
import { ChecklistTemplateEntity, PatrolCorrectionEntity, PatrolEntity, PatrolPhotoEntity, PatrolPlanEntity } from './patrol.entity';
import { HolidayScheduleEntity } from './holiday-schedule.entity';
import { SettingEntity } from './setting.entity';
import { DeviceSecretEntity } from './device-secret.entity';
import { SiteEntity } from './site.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { UserEntity } from './user.entity';
import { AlertBudgetEntity, AlertQueueEntity } from './alert-budget.entity';
import { IngestSnapshotEntity } from './ingest-snapshot.entity';
import { IdempotentRequestEntity } from './idempotent-request.entity';
import { FeedbackEntryEntity, FeedbackHistoryEntity } from './feedback.entity';
import { CallbackEntity, CallbackSettingsEntity, PartsTermsEntity, SurveyEntity } from './callback.entity';
import { LoanEntity, LoanerUnitEntity, RepeatFailureEntity, RmaEntity } from './loaner.entity';
import { CustomerLinkEntity } from './customer-link.entity';
import { ServiceRecordCorrectionEntity, ServiceRecordEntity, ServiceRecordPhotoEntity } from './service-record.entity';
import { VideoChannelDayEntity } from './video-evidence.entity';
import { DeviceManagementEntity, GatewayDeviceEntity, GatewayEntity } from './gateway.entity';
import { FaultPartEntity, PartModelEntity, StockLevelEntity, StockMovementEntity, StoreEntity } from './parts.entity';

export { FaultAffectedEntity, FaultEntity, FaultHistoryEntity, MaintenanceWindowEntity, NotificationEntity, OnCallRotaEntity, ScheduledActionEntity };
export { ChecklistTemplateEntity, PatrolCorrectionEntity, PatrolEntity, PatrolPhotoEntity, PatrolPlanEntity };
export { DeviceEventEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity, EventConsumerOffsetEntity };
export { AlertBudgetEntity, AlertQueueEntity, IngestSnapshotEntity, IdempotentRequestEntity };
export { CustomerLinkEntity, ServiceRecordCorrectionEntity, ServiceRecordEntity, ServiceRecordPhotoEntity };
export { AuditCheckpointEntity, AuditHeadEntity, DeviceSecretEntity, LoginFailureEntity };
export { FeedbackEntryEntity, FeedbackHistoryEntity };
export { FaultPartEntity, PartModelEntity, StockLevelEntity, StockMovementEntity, StoreEntity };
export { AuditEntryEntity, ContractEntity, CustomerEntity, DeviceEntity, HolidayScheduleEntity, SettingEntity, SiteEntity, UserEntity };

export { CallbackEntity, CallbackSettingsEntity, PartsTermsEntity, SurveyEntity };
export { LoanEntity, LoanerUnitEntity, RepeatFailureEntity, RmaEntity };
export { VideoChannelDayEntity };
export { DeviceManagementEntity, GatewayDeviceEntity, GatewayEntity };

export const ENTITIES = [
  GatewayEntity,
  GatewayDeviceEntity,
  DeviceManagementEntity,
  VideoChannelDayEntity,
  UserEntity,
  CustomerEntity,
  ContractEntity,
  SiteEntity,
  DeviceEntity,
  AuditEntryEntity,
  SettingEntity,
  HolidayScheduleEntity,
  DeviceEventEntity,
  DeviceOnlineHourlyEntity,
  DiscoveredDeviceEntity,
  EventConsumerOffsetEntity,
  FaultEntity,
  FaultHistoryEntity,
  FaultAffectedEntity,
  ScheduledActionEntity,
  NotificationEntity,
  OnCallRotaEntity,
  MaintenanceWindowEntity,
  ChecklistTemplateEntity,
  PatrolPlanEntity,
  PatrolEntity,
  PatrolPhotoEntity,
  PatrolCorrectionEntity,
  AuditCheckpointEntity,
  AuditHeadEntity,
  DeviceSecretEntity,
  LoginFailureEntity,
  AlertBudgetEntity,
  AlertQueueEntity,
  IngestSnapshotEntity,
  IdempotentRequestEntity,
  FeedbackEntryEntity,
  FeedbackHistoryEntity,
  CallbackEntity,
  SurveyEntity,
  CallbackSettingsEntity,
  PartsTermsEntity,
  LoanerUnitEntity,
  LoanEntity,
  RmaEntity,
  RepeatFailureEntity,
  CustomerLinkEntity,
  ServiceRecordEntity,
  ServiceRecordPhotoEntity,
  ServiceRecordCorrectionEntity,
  StoreEntity,
  PartModelEntity,
  StockLevelEntity,
  StockMovementEntity,
  FaultPartEntity,
];
