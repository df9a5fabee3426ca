import type { Page, PageRequest, ServiceRecord, ServiceRecordCorrection, ServiceRecordKind, ServiceRecordPhoto, ServiceRecordState } from '@vigil/domain';

export interface ServiceRecordFilter {
  /** A user's scope (null or absent: every site). */
  siteIds?: string[] | null;
  siteId?: string;
  customerId?: string;
  contractId?: string;
  kind?: ServiceRecordKind;
  state?: ServiceRecordState;
  jobId?: string;
  /** Only records with an integrity flag: stored at signing, or a signature image another record also bears. */
  flagged?: boolean;
  /** Records whose on-site time (else creation) lies in [from, to). */
  from?: Date;
  to?: Date;
}

export abstract class ServiceRecordRepository {
  abstract insert(record: ServiceRecord): Promise<void>;
  abstract update(record: ServiceRecord): Promise<void>;
  abstract findById(id: string): Promise<ServiceRecord | null>;
  abstract findByJob(kind: ServiceRecordKind, jobId: string): Promise<ServiceRecord[]>;
  /** Newest on-site (else created) first. */
  abstract list(filter: ServiceRecordFilter, page: PageRequest): Promise<Page<ServiceRecord>>;
  /** How many records other than `exceptId` bear this signature image. */
  abstract countSignature(sha256: string, exceptId: string): Promise<number>;
  /** Of these signature images, those borne by more than one record. */
  abstract sharedSignatures(sha256s: string[]): Promise<Set<string>>;
  abstract addPhoto(photo: ServiceRecordPhoto): Promise<void>;
  abstract photos(recordId: string): Promise<ServiceRecordPhoto[]>;
  abstract addCorrection(correction: ServiceRecordCorrection): Promise<void>;
  abstract corrections(recordId: string): Promise<ServiceRecordCorrection[]>;
}
