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

export { FaultAffectedEntity, FaultEntity, FaultHistoryEntity, MaintenanceWindowEntity, NotificationEntity, OnCallRotaEntity, ScheduledActionEntity };
export { ChecklistTemplateEntity, PatrolCorrectionEntity, PatrolEntity, PatrolPhotoEntity, PatrolPlanEntity };
export { DeviceEventEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity, EventConsumerOffsetEntity };
export { AlertBudgetEntity, AlertQueueEntity, IngestSnapshotEntity, IdempotentRequestEntity };
export { AuditCheckpointEntity, AuditHeadEntity, DeviceSecretEntity, LoginFailureEntity };
export { AuditEntryEntity, ContractEntity, CustomerEntity, DeviceEntity, HolidayScheduleEntity, SettingEntity, SiteEntity, UserEntity };

export const ENTITIES = [
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
];
