import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { ArchiveDocumentsService } from './archive-documents.service';
import { ArchiveService } from './archive.service';
import { CallbackArchiveSource } from './sources/callback.source';
import { DeviceHistoryArchiveSource } from './sources/device-history.source';
import { FeedbackArchiveSource } from './sources/feedback.source';
import { FaultArchiveSource } from './sources/fault.source';
import { FirmwareAuditArchiveSource } from './sources/firmware-audit.source';
import { PatrolArchiveSource } from './sources/patrol.source';
import { ServiceRecordArchiveSource } from './sources/service-record.source';

/**
 * The maintenance archive: the service and the sources of the records that existed before it (device
 * history, firmware in the register, faults with their SLA, patrols) and of the service desk's service records,
 * feedback, callbacks and surveys. Other modules add their kinds by
 * providing an ArchiveSource that registers itself with the ArchiveRegistry (a global provider).
 */
const services = [ArchiveService, ArchiveDocumentsService];
const sources = [
  DeviceHistoryArchiveSource,
  FirmwareAuditArchiveSource,
  FaultArchiveSource,
  PatrolArchiveSource,
  FeedbackArchiveSource,
  CallbackArchiveSource,
  ServiceRecordArchiveSource,
];

@Module({ imports: [FaultsModule], providers: [...services, ...sources], exports: services })
export class ArchiveModule {}
