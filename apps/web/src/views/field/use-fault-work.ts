import { useFieldQueue } from '@web/stores/field-queue';

export interface CloseInput {
  resolution: string;
  repaired: boolean;
  signoff: { signerName: string; signerTitle: string; signature: string };
}

/** Arrive, restore and close a fault through the queue: kept without signal, sent once with its Idempotency-Key. */
export function useFaultWork(faultId: string) {
  const queue = useFieldQueue();
  const base = `/api/faults/${encodeURIComponent(faultId)}`;
  const subject = { faultId };
  return {
    arrive: () => queue.add({ kind: 'fault.arrive', method: 'POST', path: `${base}/arrive`, body: { kind: 'none' }, subject }),
    restore: (note: string) => queue.add({ kind: 'fault.restore', method: 'POST', path: `${base}/restore`, body: { kind: 'json', data: note ? { note } : {} }, subject }),
    close: (input: CloseInput) => queue.add({ kind: 'fault.close', method: 'POST', path: `${base}/close`, body: { kind: 'json', data: input }, subject }),
  };
}
