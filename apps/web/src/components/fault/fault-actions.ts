import { api } from '@web/api/http';
import type { components } from '@web/api/schema';
import type { Assignee, FaultDetail, FaultOnCall, FaultRow } from './types';

type Schemas = components['schemas'];
export type CloseBody = Schemas['CloseDto'];
export type ReportBody = Schemas['ReportFaultDto'];
export type BulkAnswer = Schemas['BulkAcknowledgementDto'];

/** The actions a person takes on a fault, each a form of its own. */
export type ActionKind = 'acknowledge' | 'dispatch' | 'arrive' | 'restore' | 'pause' | 'resume' | 'close';

/** The most faults one bulk acknowledgement sends (the server's limit); a larger selection goes in turns. */
export const BULK_MAX = 1000;

/** A key for a request the server must not carry out twice (a retried arrive, restore or report); works on plain http too. */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const path = (id: string) => ({ path: { id } });
const row = (data: unknown) => data as FaultRow;

export const faultActions = {
  async acknowledge(id: string, plan: string | null): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/acknowledge', { params: path(id), body: plan ? { plan } : {} })).data);
  },
  async acknowledgeMany(ids: string[], plan: string | null): Promise<BulkAnswer> {
    const answer: BulkAnswer = { acknowledged: [], skipped: [] };
    for (let i = 0; i < ids.length; i += BULK_MAX) {
      const { data } = await api.POST('/api/faults/acknowledge', { body: { ids: ids.slice(i, i + BULK_MAX), ...(plan ? { plan } : {}) } });
      answer.acknowledged.push(...data!.acknowledged);
      answer.skipped.push(...data!.skipped);
    }
    return answer;
  },
  async dispatch(id: string, assigneeId: string): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/dispatch', { params: path(id), body: { assigneeId } })).data);
  },
  async arrive(id: string, key: string): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/arrive', { params: { ...path(id), header: { 'Idempotency-Key': key } } })).data);
  },
  async restore(id: string, note: string | null, key: string): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/restore', { params: { ...path(id), header: { 'Idempotency-Key': key } }, body: note ? { note } : {} })).data);
  },
  async pause(id: string, reason: string): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/pause', { params: path(id), body: { reason } })).data);
  },
  async resume(id: string): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/resume', { params: path(id) })).data);
  },
  async close(id: string, body: CloseBody): Promise<FaultRow> {
    return row((await api.POST('/api/faults/{id}/close', { params: path(id), body })).data);
  },
  async report(body: ReportBody, key: string): Promise<FaultRow> {
    return row((await api.POST('/api/faults', { params: { header: { 'Idempotency-Key': key } }, body })).data);
  },
  async read(id: string): Promise<FaultDetail> {
    return (await api.GET('/api/faults/{id}', { params: path(id) })).data as unknown as FaultDetail;
  },
  async onCall(id: string): Promise<FaultOnCall> {
    return (await api.GET('/api/faults/{id}/on-call', { params: path(id) })).data as FaultOnCall;
  },
  async assignees(id: string): Promise<Assignee[]> {
    return ((await api.GET('/api/faults/{id}/assignees', { params: path(id) })).data?.items ?? []) as Assignee[];
  },
};
