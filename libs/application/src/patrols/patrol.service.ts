import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  evidenceFor,
  judgeItem,
  linesFor,
  monthRange,
  patrolTiming,
  type Actor,
  type ChecklistLine,
  type ItemOutcome,
  type LiveEvidence,
  type Page,
  type PageRequest,
  type Patrol,
  type PatrolKind,
  type PatrolState,
  type Permission,
  type VideoLineEvidence,
  videoLineEvidence,
  RETENTION_LINE,
  IMAGE_LINES,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { FaultService } from '../faults/fault.service';
import { checkImageDataUrl, checkPhoto } from '../files/images';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, FileStore, PatrolRepository, ScheduledActions, TransactionRunner, UserRepository, VideoEvidenceRepository } from '../ports';
import { CALLBACK_OPEN } from '../callbacks/callback-opener';

export type PatrolSummary = Patrol & { overdue: boolean; missed: boolean };
export interface PatrolListFilter {
  siteId?: string;
  contractId?: string;
  period?: string;
  state?: PatrolState | 'overdue';
  kind?: PatrolKind;
  assigneeId?: string;
}
export interface PatrolLineView {
  lineKey: string;
  item: ChecklistLine['item'];
  deviceId: string | null;
  result: Patrol['results'][number] | null;
  evidence: LiveEvidence | null;
  /** [14] What the stored video evidence says (retention days kept, VQD of the picture) on the device's latest reported day; `value` pre-fills a number line. */
  videoEvidence?: VideoLineEvidence | null;
}

type StoredLineView = Omit<PatrolLineView, 'result' | 'evidence'> & {
  result: (Omit<NonNullable<PatrolLineView['result']>, 'recordedAt'> & { recordedAt: string }) | null;
  evidence: (Omit<LiveEvidence, 'lastSeenAt'> & { lastSeenAt: string | null }) | null;
};

function reviveLine(l: StoredLineView): PatrolLineView {
  return {
    ...l,
    result: l.result ? { ...l.result, recordedAt: new Date(l.result.recordedAt) } : null,
    evidence: l.evidence ? { ...l.evidence, lastSeenAt: l.evidence.lastSeenAt ? new Date(l.evidence.lastSeenAt) : null } : null,
  };
}

/**
 * What the audit keeps of one line's edit: that line's result before and after, not the whole patrol (about
 * 14 KB); with the patrol's site, which makes the entry visible to the auditors of that site (auditOwner).
 */
type Audited = (before: Patrol, after: Patrol) => { before: unknown; after: unknown };
const wholePatrol: Audited = (before, after) => ({ before, after });
const lineOf = (p: Patrol, lineKey: string) => ({ patrolId: p.id, siteId: p.siteId, lineKey, result: p.results.find((r) => r.lineKey === lineKey) ?? null });
const oneLine =
  (lineKey: string): Audited =>
  (before, after) => ({ before: lineOf(before, lineKey), after: lineOf(after, lineKey) });

/** Carrying out a patrol: assign, start, record each line beside its live evidence, photos, submit, the customer's sign-off. */
@Injectable()
export class PatrolService {
  constructor(
    private readonly patrols: PatrolRepository,
    private readonly devices: DeviceRepository,
    private readonly users: UserRepository,
    private readonly files: FileStore,
    private readonly faults: FaultService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
    private readonly actions: ScheduledActions,
    private readonly video: VideoEvidenceRepository,
  ) {}

  /** The patrols in the actor's scope that match; a filter naming something outside it matches nothing. */
  async list(actor: Actor, f: PatrolListFilter, page: PageRequest): Promise<Page<PatrolSummary>> {
    return this.listWithin({ ...f, siteIds: await this.access.siteFilter(actor, 'patrol.read') }, page);
  }

  /**
   * For callers that asked the policy themselves: `siteIds` is the scope they were given (null: all).
   * `period` is a month in the contract's time zone (Asia/Shanghai without a contract).
   */
  async listWithin(f: PatrolListFilter & { siteIds?: string[] | null }, page: PageRequest, timeZone = 'Asia/Shanghai'): Promise<Page<PatrolSummary>> {
    const range = f.period ? monthRange(f.period, timeZone) : null;
    if (f.period && !range) throw new InputError('period', 'must be a month written YYYY-MM');
    const overdueOnly = f.state === 'overdue';
    const found = await this.patrols.list(
      {
        siteId: f.siteId,
        contractId: f.contractId,
        siteIds: f.siteIds,
        kind: f.kind,
        assigneeId: f.assigneeId,
        state: overdueOnly ? undefined : (f.state as PatrolState | undefined),
        from: range?.from,
        to: range?.to,
      },
      overdueOnly ? {} : page,
    );
    const now = this.clock.now();
    const items = found.items.map((p) => ({ ...p, ...patrolTiming(p, now) }));
    if (!overdueOnly) return { items, total: found.total };
    const overdue = items.filter((p) => p.overdue);
    return { items: overdue.slice(page.offset ?? 0, page.limit === undefined ? undefined : (page.offset ?? 0) + page.limit), total: overdue.length };
  }

  async get(actor: Actor, id: string) {
    const patrol = await this.visible(actor, 'patrol.read', id);
    const [frozen, photos, corrections] = await Promise.all([this.patrols.frozenLines(id), this.patrols.photos(id), this.patrols.corrections(id)]);
    // once submitted, the record shows the lines and evidence as they were then, whatever the estate does since
    const view = frozen ? (frozen as StoredLineView[]).map(reviveLine) : await this.liveLines(patrol);
    return { ...patrol, ...patrolTiming(patrol, this.clock.now()), lines: view, photos: photos.map(({ path: _p, ...ph }) => ph), corrections };
  }

  private async liveLines(patrol: Patrol): Promise<PatrolLineView[]> {
    const lines = await this.lines(patrol);
    const devices = new Map((await this.devices.findByIds([...new Set(lines.flatMap((l) => (l.deviceId ? [l.deviceId] : [])))])).map((d) => [d.id, d]));
    const videoLines = lines.filter((l) => l.deviceId && (l.item.key === RETENTION_LINE || IMAGE_LINES.includes(l.item.key)));
    const latest = videoLines.length ? await this.video.latestOfDevices([...new Set(videoLines.map((l) => l.deviceId!))]) : [];
    return lines.map((l) => {
      const device = l.deviceId ? devices.get(l.deviceId) : undefined;
      return {
        lineKey: l.lineKey,
        item: l.item,
        deviceId: l.deviceId,
        result: patrol.results.find((r) => r.lineKey === l.lineKey) ?? null,
        evidence: l.item.evidence && device ? evidenceFor(l.item.evidence, device) : null,
        videoEvidence: l.deviceId ? videoLineEvidence(l.item.key, l.deviceId, latest) : null,
      };
    });
  }

  /** To an active engineer or supervisor whose own scope covers the patrol's site (400 naming assigneeId otherwise). */
  async assign(actor: Actor, id: string, assigneeId: string): Promise<Patrol> {
    const patrol = await this.visible(actor, 'patrol.assign', id);
    const user = await this.users.findById(assigneeId);
    if (!user || !user.active || (user.role !== 'engineer' && user.role !== 'supervisor')) throw new InputError('assigneeId', 'must be an active engineer or supervisor');
    const sites = await this.access.siteIdsIn(user.scope);
    if (sites !== null && !sites.includes(patrol.siteId)) throw new InputError('assigneeId', `user ${user.username} has no scope over the patrol's site`);
    return this.change(actor, id, ['due', 'in-progress'], (p) => ({ ...p, assigneeId }));
  }

  async start(actor: Actor, id: string): Promise<Patrol> {
    await this.worked(actor, 'patrol.work', id);
    return this.change(actor, id, ['due'], (p) => ({ ...p, state: 'in-progress', startedAt: this.clock.now(), assigneeId: p.assigneeId ?? actor.userId }));
  }

  async record(actor: Actor, id: string, lineKey: string, input: { outcome?: ItemOutcome; value?: number | string | null; note?: string | null }): Promise<Patrol> {
    const line = (await this.lines(await this.worked(actor, 'patrol.work', id))).find((l) => l.lineKey === lineKey);
    if (!line) throw new NotFoundError('patrol line', lineKey);
    const judged = judgeItem(line.item, input);
    if ('error' in judged) throw new InputError('outcome', `${line.item.label.en} ${judged.error}`);
    return this.change(
      actor,
      id,
      ['in-progress'],
      (p) => {
        const previous = p.results.find((r) => r.lineKey === lineKey);
        const result = {
          lineKey,
          outcome: judged.outcome,
          value: input.value ?? null,
          note: input.note ?? null,
          photoIds: previous?.photoIds ?? [],
          recordedAt: this.clock.now(),
          recordedBy: actor.username,
        };
        return { ...p, results: [...p.results.filter((r) => r.lineKey !== lineKey), result] };
      },
      undefined,
      oneLine(lineKey),
    );
  }

  /** `body`: the request body as it came, an image only if the client sent one with its image content type. */
  async addPhoto(actor: Actor, id: string, lineKey: string, body: unknown): Promise<{ id: string; bytes: number; sha256: string }> {
    const patrol = await this.worked(actor, 'patrol.work', id);
    const { data, contentType } = checkPhoto(body);
    if (!(await this.lines(patrol)).some((l) => l.lineKey === lineKey)) throw new NotFoundError('patrol line', lineKey);
    const photo = {
      id: randomUUID(),
      patrolId: id,
      lineKey,
      contentType,
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      path: '',
      uploadedBy: actor.username,
      createdAt: this.clock.now(),
    };
    photo.path = `patrols/${id}/${photo.id}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
    await this.change(
      actor,
      id,
      ['in-progress'],
      (p) => {
        const previous = p.results.find((r) => r.lineKey === lineKey);
        const result = previous
          ? { ...previous, photoIds: [...previous.photoIds, photo.id] }
          : { lineKey, outcome: 'pass' as const, value: null, note: null, photoIds: [photo.id], recordedAt: this.clock.now(), recordedBy: actor.username };
        return { ...p, results: [...p.results.filter((r) => r.lineKey !== lineKey), result] };
      },
      async () => {
        await this.files.write(photo.path, data);
        await this.patrols.addPhoto(photo);
      },
      oneLine(lineKey),
    );
    return { id: photo.id, bytes: photo.bytes, sha256: photo.sha256 };
  }

  async photo(actor: Actor, id: string, photoId: string): Promise<{ contentType: string; data: Buffer }> {
    await this.visible(actor, 'patrol.read', id);
    const photo = (await this.patrols.photos(id)).find((p) => p.id === photoId);
    if (!photo) throw new NotFoundError('photo', photoId);
    return { contentType: photo.contentType, data: await this.files.read(photo.path) };
  }

  /** Submits the record; every failed line opens a fault linked to the patrol. */
  async submit(actor: Actor, id: string): Promise<Patrol & { faultIds: string[] }> {
    const patrol = await this.worked(actor, 'patrol.work', id);
    const lines = await this.lines(patrol);
    // a required photo line needs the photo itself, not only a verdict
    const missing = lines.filter((l) => l.item.required && !patrol.results.some((r) => r.lineKey === l.lineKey && (l.item.type !== 'photo' || r.photoIds.length > 0)));
    if (missing.length > 0)
      throw new InputError(
        'results',
        `${missing.length} required line(s) have no result: ${missing
          .slice(0, 5)
          .map((l) => l.lineKey)
          .join(', ')}`,
      );
    const faultIds: string[] = [];
    const submitted = await this.change(
      actor,
      id,
      ['in-progress'],
      (p) => ({ ...p, state: 'submitted', submittedAt: this.clock.now() }),
      async (after) => {
        await this.patrols.freezeLines(id, await this.liveLines(after));
        for (const r of patrol.results.filter((x) => x.outcome === 'fail')) {
          const line = lines.find((l) => l.lineKey === r.lineKey);
          if (!line) continue;
          const device = line.deviceId ? await this.devices.findById(line.deviceId) : null;
          const fault = await this.faults.open(
            {
              device,
              deviceId: device?.id ?? null,
              siteId: patrol.siteId,
              kind: 'other',
              subject: line.item.key,
              source: 'patrol',
              parentFaultId: null,
              affectedCount: 0,
              description: `巡检不合格 patrol item failed: ${line.item.label.zh} / ${line.item.label.en}${r.note ? ` — ${r.note}` : ''}`,
              reporter: actor.username,
              channel: 'on-site',
              patrolId: patrol.id,
              openedAt: this.clock.now(),
              reportedLevel: 3,
            },
            actor,
          );
          if (fault) faultIds.push(fault.id);
        }
      },
    );
    return { ...submitted, faultIds };
  }

  async sign(actor: Actor, id: string, s: { signerName: string; signerTitle: string; signature: string; stamp?: string | null }): Promise<Patrol> {
    await this.worked(actor, 'patrol.sign', id);
    for (const [field, value] of [
      ['signature', s.signature],
      ['stamp', s.stamp],
    ] as const) {
      if (value != null) checkImageDataUrl(field, value);
    }
    return this.change(
      actor,
      id,
      ['submitted'],
      (p) => ({
        ...p,
        state: 'signed',
        signoff: { signerName: s.signerName, signerTitle: s.signerTitle, signature: s.signature, stamp: s.stamp ?? null, signedAt: this.clock.now() },
      }),
      // a signed patrol was a visit: its callback (回访) is asked for in the same transaction
      async () => this.actions.schedule(`${CALLBACK_OPEN}:patrol:${id}`, CALLBACK_OPEN, this.clock.now(), { source: 'patrol', id }),
    );
  }

  /** A signed record stays as it was; a correction is a new entry that refers to it. */
  async correct(actor: Actor, id: string, c: { lineKey: string; outcome: ItemOutcome; value?: string | null; note: string }): Promise<void> {
    const patrol = await this.worked(actor, 'patrol.work', id);
    if (patrol.state !== 'signed') throw new ConflictError('only a signed patrol takes corrections; change the record itself until then');
    const frozen = (await this.patrols.frozenLines(id)) as StoredLineView[] | null;
    const keys = frozen ? frozen.map((l) => l.lineKey) : (await this.lines(patrol)).map((l) => l.lineKey);
    if (!keys.includes(c.lineKey)) throw new NotFoundError('patrol line', c.lineKey);
    await this.tx.run(async () => {
      const correction = { patrolId: id, lineKey: c.lineKey, outcome: c.outcome, value: c.value ?? null, note: c.note, by: actor.username, at: this.clock.now() };
      await this.patrols.addCorrection(correction);
      await this.audit.record(actor, 'correct', 'patrol', id, null, { ...correction, siteId: patrol.siteId });
    });
  }

  private async change(
    actor: Actor,
    id: string,
    from: PatrolState[],
    apply: (p: Patrol) => Patrol,
    alsoInTx?: (after: Patrol) => Promise<void>,
    audited: Audited = wholePatrol,
  ): Promise<Patrol> {
    return this.tx.run(async () => {
      const before = await this.require(id);
      if (before.state === 'signed') throw new ConflictError('the patrol is signed and cannot change; add a correction instead');
      if (!from.includes(before.state)) throw new ConflictError(`the patrol is ${before.state}`);
      const after = { ...apply(before), updatedAt: this.clock.now() };
      await this.patrols.update(after);
      await alsoInTx?.(after);
      const entry = audited(before, after);
      await this.audit.record(actor, 'update', 'patrol', id, entry.before, entry.after);
      return after;
    });
  }

  /** A patrol in the actor's scope: the role first, then the patrol's site (404 outside, as if it did not exist). */
  private async visible(actor: Actor, permission: Permission, id: string): Promise<Patrol> {
    await this.access.require(actor, permission);
    const patrol = await this.require(id);
    await this.access.requireSite(actor, permission, patrol.siteId, 'patrol', id);
    return patrol;
  }

  /** A patrol the actor may carry out: in scope, and for an engineer one assigned to them (403 otherwise); supervisors any. */
  private async worked(actor: Actor, permission: Permission, id: string): Promise<Patrol> {
    const patrol = await this.visible(actor, permission, id);
    if (actor.role === 'engineer' && patrol.assigneeId !== actor.userId) {
      await this.access.forbid(actor, permission, 'patrol', id, patrol.assigneeId === null ? 'this patrol is not assigned to you' : 'this patrol is assigned to someone else');
    }
    return patrol;
  }

  private async require(id: string): Promise<Patrol> {
    const p = await this.patrols.findById(id);
    if (!p) throw new NotFoundError('patrol', id);
    return p;
  }

  private async lines(p: Patrol): Promise<ChecklistLine[]> {
    const template = await this.patrols.template(p.templateId, p.templateVersion);
    if (!template) throw new NotFoundError('checklist template', `${p.templateId} v${p.templateVersion}`);
    const devices = (await this.devices.list({ siteId: p.siteId }, {})).items;
    return linesFor(template, devices);
  }
}
