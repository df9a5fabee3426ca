import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  currentFlags,
  DEFAULT_TIME_ZONE,
  hasLinkContact,
  integrityFlags,
  monthRange,
  SYSTEM_ACTOR,
  timesProblem,
  type Actor,
  type CorrectableField,
  type Fault,
  type IntegrityFlag,
  type LinkChannel,
  type Page,
  type PageRequest,
  type Permission,
  type ServiceRecord,
  type ServiceRecordCorrection,
  type ServiceRecordKind,
  type ServiceRecordSignoff,
  type ServiceRecordState,
  type SigningChannel,
  fittedPartsText,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import {
  ClockPort,
  ContractRepository,
  CustomerRepository,
  FaultRepository,
  FileStore,
  FaultPartRepository,
  StockRepository,
  PatrolRepository,
  ServiceRecordRepository,
  SiteRepository,
  TransactionRunner,
  UserRepository,
} from '../ports';
import { CustomerLinkService, type LinkView } from './customer-link.service';
import type { LinkUse } from './link-purposes';
import { checkPhoto } from '../files/images';
import { checkSignInput, imageOf, sha256, type SignInput } from './signature-input';

export const SERVICE_RECORD_SIGN = 'service-record-sign';
export type { SignInput };

/** A record as the API shows it: the signing channel and integrity flags beside it. */
export type ServiceRecordView = Omit<ServiceRecord, 'flags'> & {
  integrity: { channel: SigningChannel | null; linkChannel: LinkChannel | null; flags: IntegrityFlag[] };
};
export type ServiceRecordDetail = ServiceRecordView & {
  photos: { id: string; contentType: string; bytes: number; sha256: string; uploadedBy: string; createdAt: Date }[];
  corrections: ServiceRecordCorrection[];
  links: LinkView[];
};

export interface ServiceRecordListFilter {
  siteId?: string;
  customerId?: string;
  contractId?: string;
  kind?: ServiceRecordKind;
  state?: ServiceRecordState;
  jobId?: string;
  flagged?: boolean;
  /** YYYY-MM of the on-site time, in Asia/Shanghai (the contract's zone when a contract is named). */
  month?: string;
}

export interface ServiceRecordInput {
  kind: ServiceRecordKind;
  /** The fault's, patrol's or callback's id; none for a visit. */
  jobId?: string | null;
  /** Required for a visit or callback; a fault's or patrol's site is the job's. */
  siteId?: string | null;
  workDone?: string;
  partsUsed?: string;
  engineerId?: string | null;
  onSiteAt?: Date | null;
  offSiteAt?: Date | null;
}

export interface ServiceRecordPatch {
  workDone?: string;
  partsUsed?: string;
  onSiteAt?: Date | null;
  offSiteAt?: Date | null;
}

/** A resolved draft, for features that create a record for their own job in their own transaction (fault closing, callbacks). */
export interface ServiceRecordDraft {
  kind: ServiceRecordKind;
  jobId: string | null;
  siteId: string;
  contractId?: string | null;
  workDone: string;
  partsUsed?: string;
  engineerId: string | null;
  onSiteAt: Date | null;
  offSiteAt: Date | null;
}

/**
 * Customer service records (客户服务记录表) of faults, patrols, visits and callbacks: drafted (by hand, or when a fault is
 * closed after a visit), signed by the customer on the engineer's device or through a one-time link to their own contact,
 * frozen once signed (corrections are entries beside it). Signatures are checked for signs of the engineer signing for
 * the customer (integrity flags).
 */
@Injectable()
export class ServiceRecordService {
  constructor(
    private readonly records: ServiceRecordRepository,
    private readonly faults: FaultRepository,
    private readonly patrols: PatrolRepository,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly customers: CustomerRepository,
    private readonly users: UserRepository,
    private readonly files: FileStore,
    private readonly faultParts: FaultPartRepository,
    private readonly stock: StockRepository,
    private readonly links: CustomerLinkService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  async list(actor: Actor, f: ServiceRecordListFilter, page: PageRequest): Promise<Page<ServiceRecordView>> {
    const siteIds = await this.access.siteFilter(actor, 'service-record.read');
    const zone = f.contractId ? ((await this.contracts.findById(f.contractId))?.timeZone ?? DEFAULT_TIME_ZONE) : DEFAULT_TIME_ZONE;
    const range = f.month ? monthRange(f.month, zone) : null;
    if (f.month && !range) throw new InputError('month', 'must be a month written YYYY-MM');
    const { month: _m, ...rest } = f;
    const found = await this.records.list({ ...rest, siteIds, from: range?.from, to: range?.to }, page);
    const shared = await this.sharedSignatures(found.items);
    return { items: found.items.map((r) => this.view(r, shared, false)), total: found.total };
  }

  async get(actor: Actor, id: string): Promise<ServiceRecordDetail> {
    const record = await this.visible(actor, 'service-record.read', id);
    const [photos, corrections, shared, links] = await Promise.all([
      this.records.photos(id),
      this.records.corrections(id),
      this.sharedSignatures([record]),
      this.links.forSubject(actor, SERVICE_RECORD_SIGN, id),
    ]);
    return { ...this.view(record, shared, true), photos: photos.map(({ path: _p, recordId: _r, ...p }) => p), corrections, links };
  }

  /** A record for any job in the actor's scope (404 for a job or site outside it); a fault's or patrol's record is prefilled from it. */
  async create(actor: Actor, input: ServiceRecordInput): Promise<ServiceRecordView> {
    await this.access.require(actor, 'service-record.write');
    const draft = await this.resolve(actor, input);
    const engineerId = input.engineerId !== undefined ? input.engineerId : (draft.engineerId ?? (actor.role === 'engineer' || actor.role === 'supervisor' ? actor.userId : null));
    if (engineerId) await this.requireEngineer(engineerId, draft.siteId);
    const problem = timesProblem(draft.onSiteAt, draft.offSiteAt, this.clock.now());
    if (problem) throw new InputError(problem.field, problem.message);
    return this.tx.run(async () => this.view(await this.insert(actor, { ...draft, engineerId }), new Set(), true));
  }

  /**
   * For features that make a record of their own job in their own transaction, having checked access themselves
   * (fault closing, callbacks): answers the job's existing record when it has one, else inserts this draft.
   */
  async draftForJob(actor: Actor, draft: ServiceRecordDraft): Promise<ServiceRecord> {
    if (draft.jobId) {
      const [existing] = await this.records.findByJob(draft.kind, draft.jobId);
      if (existing) return existing;
    }
    return this.insert(actor, draft);
  }

  /** Edits an unsigned record; one awaiting a signature goes back to draft and its links are withdrawn (the customer signs what they saw). */
  async update(actor: Actor, id: string, patch: ServiceRecordPatch): Promise<ServiceRecordView> {
    await this.worked(actor, 'service-record.write', id);
    return this.view(
      await this.change(actor, id, (r) => {
        const next = { ...r, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), state: 'draft' as const };
        const problem = timesProblem(next.onSiteAt, next.offSiteAt, this.clock.now());
        if (problem) throw new InputError(problem.field, problem.message);
        return next;
      }),
      new Set(),
      true,
    );
  }

  async addPhoto(actor: Actor, id: string, body: unknown): Promise<{ id: string; bytes: number; sha256: string }> {
    await this.worked(actor, 'service-record.write', id);
    const { data, contentType } = checkPhoto(body);
    const photoId = randomUUID();
    const photo = {
      id: photoId,
      recordId: id,
      contentType,
      bytes: data.length,
      sha256: sha256(data),
      path: `service-records/${id}/${photoId}.${contentType === 'image/png' ? 'png' : 'jpg'}`,
      uploadedBy: actor.username,
      createdAt: this.clock.now(),
    };
    await this.tx.run(async () => {
      const record = await this.require(id);
      if (record.state === 'signed') throw new ConflictError('the service record is signed and cannot change; add a correction instead');
      await this.files.write(photo.path, data);
      await this.records.addPhoto(photo);
      await this.audit.record(actor, 'add-photo', 'service-record', id, null, { siteId: record.siteId, photoId, sha256: photo.sha256, bytes: photo.bytes });
    });
    return { id: photo.id, bytes: photo.bytes, sha256: photo.sha256 };
  }

  async photo(actor: Actor, id: string, photoId: string): Promise<{ contentType: string; data: Buffer }> {
    await this.visible(actor, 'service-record.read', id);
    const photo = (await this.records.photos(id)).find((p) => p.id === photoId);
    if (!photo) throw new NotFoundError('photo', photoId);
    return { contentType: photo.contentType, data: await this.files.read(photo.path) };
  }

  /** Sends the customer a one-time link to sign (to their contact, never shown here); the record then awaits the signature. */
  async sendLink(actor: Actor, id: string, channel: LinkChannel): Promise<{ record: ServiceRecordView; link: LinkView }> {
    const record = await this.worked(actor, 'service-record.write', id);
    if (record.state === 'signed') throw new ConflictError('the service record is already signed');
    if (!record.customerId) throw new InputError('channel', "the record's site belongs to no customer to send a link to");
    if (record.workDone.trim().length === 0) throw new InputError('workDone', 'is empty: write the work done before the customer is asked to sign');
    const contract = record.contractId ? await this.contracts.findById(record.contractId) : null;
    const link = await this.links.issue(actor, {
      purpose: SERVICE_RECORD_SIGN,
      subjectId: id,
      customerId: record.customerId,
      siteId: record.siteId,
      channel,
      timeZone: contract?.timeZone ?? (await this.sites.findById(record.siteId))?.timeZone,
    });
    const after = await this.tx.run(async () => {
      // the newest link is the one to sign with: those sent before it are withdrawn
      await this.links.withdrawOpen(actor, SERVICE_RECORD_SIGN, id, link.id);
      return this.change(actor, id, (r) => ({ ...r, state: 'awaiting-signature' }), false);
    });
    return { record: this.view(after, new Set(), true), link };
  }

  /** The customer signs on the engineer's device: recorded as such, and checked for signs of the engineer signing for them. */
  async sign(actor: Actor, id: string, input: SignInput): Promise<ServiceRecordView> {
    await this.worked(actor, 'service-record.sign', id);
    const s = checkSignInput(input);
    const record = await this.tx.run(async () => {
      const { signoff, flags } = await this.onDevice(await this.require(id), s);
      return this.change(actor, id, (r) => ({ ...r, state: 'signed', signoff, flags }), true);
    });
    return this.view(record, new Set(), true);
  }

  /** The `sign` action of a service-record link: runs in the transaction that uses the link up. */
  async signThroughLink(use: LinkUse, input: unknown): Promise<{ recordId: string; state: ServiceRecordState; signedAt: Date }> {
    const s = checkSignInput((input ?? {}) as Partial<SignInput>);
    const current = await this.require(use.link.subjectId);
    if (current.state !== 'awaiting-signature') throw new ConflictError(`the service record is ${current.state}`);
    const signoff = this.signoff(s, sha256(imageOf(s.signature)), 'customer-link', use);
    await this.change(use.actor, current.id, (r) => ({ ...r, state: 'signed', signoff, flags: [] }), true);
    return { recordId: current.id, state: 'signed', signedAt: signoff.signedAt };
  }

  /** A signed record stays as it was; a correction is an entry beside it. */
  async correct(actor: Actor, id: string, c: { field: CorrectableField; value: string; note: string }): Promise<ServiceRecordCorrection> {
    const record = await this.worked(actor, 'service-record.write', id);
    if (record.state !== 'signed') throw new ConflictError('only a signed record takes corrections; change the record itself until then');
    return this.tx.run(async () => {
      const correction: ServiceRecordCorrection = { recordId: id, field: c.field, value: c.value, note: c.note, by: actor.username, at: this.clock.now() };
      await this.records.addCorrection(correction);
      await this.audit.record(actor, 'correct', 'service-record', id, null, { ...correction, siteId: record.siteId, customerId: record.customerId });
      return correction;
    });
  }

  /** What the customer sees on opening a signing link: the record's content, nothing else of the estate. */
  async linkSummary(recordId: string) {
    const r = await this.require(recordId);
    const [site, contract, customer, photos] = await Promise.all([
      this.sites.findById(r.siteId),
      r.contractId ? this.contracts.findById(r.contractId) : null,
      r.customerId ? this.customers.findById(r.customerId) : null,
      this.records.photos(r.id),
    ]);
    return {
      recordId: r.id,
      kind: r.kind,
      state: r.state,
      customer: customer?.name ?? null,
      site: site ? `${site.name} (${site.code})` : null,
      contract: contract?.name ?? null,
      timeZone: contract?.timeZone ?? site?.timeZone ?? DEFAULT_TIME_ZONE,
      workDone: r.workDone,
      partsUsed: r.partsUsed,
      engineerName: r.engineerName,
      onSiteAt: r.onSiteAt,
      offSiteAt: r.offSiteAt,
      photoCount: photos.length,
    };
  }

  /** A draft for a fault closed after a visit, prefilled from it; the close's own signature (if the engineer took one) signs it on the device. */
  async draftForClosedFault(actor: Actor | null, fault: Fault, signoff?: { signerName: string; signerTitle: string; signature: string }): Promise<void> {
    const by = actor ?? SYSTEM_ACTOR;
    const draft = await this.draftForJob(by, {
      kind: 'fault',
      jobId: fault.id,
      siteId: fault.siteId,
      contractId: fault.contractId,
      workDone: fault.resolution ?? '',
      engineerId: fault.assigneeId,
      onSiteAt: fault.arrivedAt,
      offSiteAt: fault.closedAt,
    });
    if (!signoff || draft.state === 'signed') return;
    let s: SignInput;
    try {
      s = checkSignInput(signoff);
    } catch {
      // the fault's close accepted it; a signature the record cannot take leaves the draft for signing anew
      return;
    }
    const signed = { ...draft, state: 'signed' as const, ...(await this.onDevice(draft, s)), updatedAt: this.clock.now() };
    await this.records.update(signed);
    await this.audit.record(by, 'update', 'service-record', draft.id, draft, signed);
  }

  /** A signature taken on the engineer's device, with the flags it raises. */
  private async onDevice(record: ServiceRecord, s: SignInput): Promise<{ signoff: ServiceRecordSignoff; flags: IntegrityFlag[] }> {
    const customer = record.customerId ? await this.customers.findById(record.customerId) : null;
    const staff = (await this.users.list({}, {})).items.flatMap((u) => [u.username, ...(u.displayName ? [u.displayName] : [])]);
    const signatureSha256 = sha256(imageOf(s.signature));
    const flags = integrityFlags({
      channel: 'engineer-device',
      signerName: s.signerName,
      staffNames: staff,
      copiedElsewhere: (await this.records.countSignature(signatureSha256, record.id)) > 0,
      customerReachable: customer ? hasLinkContact(customer) : false,
    });
    return { signoff: this.signoff(s, signatureSha256, 'engineer-device', null), flags };
  }

  private signoff(s: SignInput, signatureSha256: string, channel: SigningChannel, use: LinkUse | null): ServiceRecordSignoff {
    return {
      signerName: s.signerName,
      signerTitle: s.signerTitle ?? '',
      signature: s.signature,
      stamp: s.stamp ?? null,
      signatureSha256,
      signedAt: this.clock.now(),
      channel,
      linkId: use?.link.id ?? null,
      linkChannel: use?.link.channel ?? null,
      ip: use?.visit.ip ?? null,
      userAgent: use?.visit.userAgent ?? null,
    };
  }

  private async insert(actor: Actor, draft: ServiceRecordDraft): Promise<ServiceRecord> {
    const site = await this.sites.findById(draft.siteId);
    if (!site) throw new NotFoundError('site', draft.siteId);
    const engineer = draft.engineerId ? await this.users.findById(draft.engineerId) : null;
    const now = this.clock.now();
    const record: ServiceRecord = {
      id: randomUUID(),
      kind: draft.kind,
      jobId: draft.jobId,
      siteId: site.id,
      customerId: site.customerId,
      contractId: draft.contractId ?? site.contractId,
      workDone: draft.workDone,
      partsUsed: draft.partsUsed || (await this.fittedParts(draft)),
      engineerId: engineer?.id ?? null,
      engineerName: engineer ? (engineer.displayName ?? engineer.username) : null,
      onSiteAt: draft.onSiteAt,
      offSiteAt: draft.offSiteAt,
      state: 'draft',
      signoff: null,
      flags: [],
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async () => {
      await this.records.insert(record);
      await this.audit.record(actor, 'create', 'service-record', record.id, null, record);
    });
    return record;
  }

  /** A fault's record lists the parts fitted on the fault (model, serials in and out) unless the writer gave the parts. */
  private async fittedParts(draft: ServiceRecordDraft): Promise<string> {
    if (draft.kind !== 'fault' || !draft.jobId) return '';
    const parts = await this.faultParts.list({ faultId: draft.jobId, state: 'fitted' });
    if (parts.length === 0) return '';
    return fittedPartsText(parts, new Map((await this.stock.listPartModels()).map((m) => [m.id, m])));
  }

  /** The job's site and what the record takes from the job; 404 for a job or site outside the actor's scope. */
  private async resolve(actor: Actor, input: ServiceRecordInput): Promise<ServiceRecordDraft> {
    const base = { workDone: input.workDone ?? '', partsUsed: input.partsUsed ?? '', onSiteAt: input.onSiteAt ?? null, offSiteAt: input.offSiteAt ?? null };
    if (input.kind === 'visit' && input.jobId) throw new InputError('jobId', 'a visit has no job; leave jobId out');
    if (input.kind !== 'visit' && !input.jobId) throw new InputError('jobId', `is required for a ${input.kind} record`);
    if (input.kind === 'fault') {
      const fault = await this.faults.findById(input.jobId!);
      if (!fault) throw new NotFoundError('fault', input.jobId!);
      await this.access.requireSite(actor, 'service-record.write', fault.siteId, 'fault', fault.id);
      return {
        ...base,
        kind: 'fault',
        jobId: fault.id,
        siteId: fault.siteId,
        contractId: fault.contractId,
        workDone: input.workDone ?? fault.resolution ?? '',
        engineerId: fault.assigneeId,
        onSiteAt: input.onSiteAt !== undefined ? input.onSiteAt : fault.arrivedAt,
        offSiteAt: input.offSiteAt !== undefined ? input.offSiteAt : (fault.closedAt ?? fault.restoredAt),
      };
    }
    if (input.kind === 'patrol') {
      const patrol = await this.patrols.findById(input.jobId!);
      if (!patrol) throw new NotFoundError('patrol', input.jobId!);
      await this.access.requireSite(actor, 'service-record.write', patrol.siteId, 'patrol', patrol.id);
      return {
        ...base,
        kind: 'patrol',
        jobId: patrol.id,
        siteId: patrol.siteId,
        contractId: patrol.contractId,
        engineerId: patrol.assigneeId,
        onSiteAt: input.onSiteAt !== undefined ? input.onSiteAt : patrol.startedAt,
        offSiteAt: input.offSiteAt !== undefined ? input.offSiteAt : patrol.submittedAt,
      };
    }
    if (!input.siteId) throw new InputError('siteId', `is required for a ${input.kind} record`);
    await this.access.requireSite(actor, 'service-record.write', input.siteId, 'site', input.siteId);
    if (!(await this.sites.findById(input.siteId))) throw new NotFoundError('site', input.siteId);
    return { ...base, kind: input.kind, jobId: input.jobId ?? null, siteId: input.siteId, engineerId: null };
  }

  /** An active engineer or supervisor whose scope covers the site (400 naming engineerId otherwise). */
  private async requireEngineer(userId: string, siteId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || !user.active || (user.role !== 'engineer' && user.role !== 'supervisor')) throw new InputError('engineerId', 'must be an active engineer or supervisor');
    const sites = await this.access.siteIdsIn(user.scope);
    if (sites !== null && !sites.includes(siteId)) throw new InputError('engineerId', `user ${user.username} has no scope over the record's site`);
  }

  /** Changes an unsigned record (409 once signed) in one transaction with its audit; `withdraw` revokes the links still open. */
  private async change(actor: Actor, id: string, apply: (r: ServiceRecord) => ServiceRecord, withdraw = true): Promise<ServiceRecord> {
    return this.tx.run(async () => {
      const before = await this.require(id);
      if (before.state === 'signed') throw new ConflictError('the service record is signed and cannot change; add a correction instead');
      const after = { ...apply(before), updatedAt: this.clock.now() };
      await this.records.update(after);
      if (withdraw) await this.links.withdrawOpen(actor, SERVICE_RECORD_SIGN, id, null);
      await this.audit.record(actor, 'update', 'service-record', id, before, after);
      return after;
    });
  }

  private view(r: ServiceRecord, sharedHashes: Set<string>, withImages: boolean): ServiceRecordView {
    const { flags: _stored, signoff, ...rest } = r;
    const flags = currentFlags(r, signoff ? sharedHashes.has(signoff.signatureSha256) : false);
    const shownSignoff = signoff && !withImages ? { ...signoff, signature: '', stamp: null } : signoff;
    return { ...rest, signoff: shownSignoff, integrity: { channel: signoff?.channel ?? null, linkChannel: signoff?.linkChannel ?? null, flags } };
  }

  /** The signature images on these records' device signatures that another record also bears. */
  private sharedSignatures(records: ServiceRecord[]): Promise<Set<string>> {
    return this.records.sharedSignatures(records.flatMap((r) => (r.signoff?.channel === 'engineer-device' ? [r.signoff.signatureSha256] : [])));
  }

  private async visible(actor: Actor, permission: Permission, id: string): Promise<ServiceRecord> {
    await this.access.require(actor, permission);
    const record = await this.require(id);
    await this.access.requireSite(actor, permission, record.siteId, 'service-record', id);
    return record;
  }

  /** A record the actor may work: in scope, and for an engineer one that is theirs (403 otherwise). */
  private async worked(actor: Actor, permission: Permission, id: string): Promise<ServiceRecord> {
    const record = await this.visible(actor, permission, id);
    if (actor.role === 'engineer' && record.engineerId !== null && record.engineerId !== actor.userId) {
      await this.access.forbid(actor, permission, 'service-record', id, "this service record is another engineer's");
    }
    return record;
  }

  private async require(id: string): Promise<ServiceRecord> {
    const r = await this.records.findById(id);
    if (!r) throw new NotFoundError('service record', id);
    return r;
  }
}
