import { Foundation1763800000000 } from './1763800000000-foundation';
import { DeviceState1763900000000 } from './1763900000000-device-state';
import { Faults1764000000000 } from './1764000000000-faults';
import { Patrols1764100000000 } from './1764100000000-patrols';
import { AuditCheckpoints1764200000000 } from './1764200000000-audit-checkpoints';
import { DeviceSeqBigint1764300000000 } from './1764300000000-device-seq-bigint';
import { FaultSlaRecord1764400000000 } from './1764400000000-fault-sla-record';
import { PatrolFrozenLines1764500000000 } from './1764500000000-patrol-frozen-lines';
import { UserScope1764600000000 } from './1764600000000-user-scope';
import { LoginThrottle1765200000000 } from './1765200000000-login-throttle';
import { AuditOwnerHead1765500000000 } from './1765500000000-audit-owner-head';
import { DeviceSecrets1765100000000 } from './1765100000000-device-secrets';
import { InstalledAt1765800000000 } from './1765800000000-installed-at';
import { AlertBudget1766000000000 } from './1766000000000-alert-budget';
import { IdempotentRequests1766200000000 } from './1766200000000-idempotent-requests';
import { IngestSnapshots1766300000000 } from './1766300000000-ingest-snapshots';
import { IngestLastProcessed1767830000000 } from './1767830000000-ingest-last-processed';
import { Feedback1767100000000 } from './1767100000000-feedback';
import { CallbacksSurveys1767200000000 } from './1767200000000-callbacks-surveys';
import { CustomerLinks1767000000000 } from './1767000000000-customer-links';
import { ServiceRecords1767000100000 } from './1767000100000-service-records';
import { ArchiveIndexes1767300000000 } from './1767300000000-archive-indexes';
import { SpareParts1767600000000 } from './1767600000000-spare-parts';
import { PartsTerms1767700000000 } from './1767700000000-parts-terms';
import { Loaners1767700100000 } from './1767700100000-loaners';
import { SiteClass1767900000000 } from './1767900000000-site-class';
import { VideoEvidence1767900100000 } from './1767900100000-video-evidence';

import { Gateways1767900200000 } from './1767900200000-gateways';
/** Every migration, oldest first. */
export const MIGRATIONS = [
  Foundation1763800000000,
  DeviceState1763900000000,
  Faults1764000000000,
  Patrols1764100000000,
  AuditCheckpoints1764200000000,
  DeviceSeqBigint1764300000000,
  FaultSlaRecord1764400000000,
  PatrolFrozenLines1764500000000,
  UserScope1764600000000,
  DeviceSecrets1765100000000,
  LoginThrottle1765200000000,
  AuditOwnerHead1765500000000,
  InstalledAt1765800000000,
  AlertBudget1766000000000,
  IdempotentRequests1766200000000,
  IngestSnapshots1766300000000,
  CustomerLinks1767000000000,
  ServiceRecords1767000100000,
  Feedback1767100000000,
  CallbacksSurveys1767200000000,
  ArchiveIndexes1767300000000,
  SpareParts1767600000000,
  PartsTerms1767700000000,
  Loaners1767700100000,
  IngestLastProcessed1767830000000,
  SiteClass1767900000000,
  VideoEvidence1767900100000,
  Gateways1767900200000,
];
