import { AuditEntryEntity } from './audit-entry.entity';
import { ContractEntity } from './contract.entity';
import { CustomerEntity } from './customer.entity';
import { DeviceEntity } from './device.entity';
import { DeviceEventEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity, EventConsumerOffsetEntity } from './device-event.entity';
import { HolidayScheduleEntity } from './holiday-schedule.entity';
import { SettingEntity } from './setting.entity';
import { SiteEntity } from './site.entity';
import { UserEntity } from './user.entity';

export { DeviceEventEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity, EventConsumerOffsetEntity };
export { AuditEntryEntity, ContractEntity, CustomerEntity, DeviceEntity, HolidayScheduleEntity, SettingEntity, SiteEntity, UserEntity };

export const ENTITIES = [UserEntity, CustomerEntity, ContractEntity, SiteEntity, DeviceEntity, AuditEntryEntity, SettingEntity, HolidayScheduleEntity,
  DeviceEventEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity, EventConsumerOffsetEntity];
