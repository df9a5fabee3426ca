import { z } from 'zod';
import { contractTerms } from './contract-terms';

/** A contract's terms for parts, loaners and warranty; anything left out takes the default. */
export interface PartsTerms {
  /** Whether the SLA clock pauses while a fault waits for a part (the contract names it an outside cause). */
  pauseWhileWaitingForPart: boolean;
  /** The same fault on the same device again within this many days recommends replacing it; 0 turns the rule off. */
  repeatFailureDays: number;
  /** Days a loaner may stay out before it is overdue (due back at the end of that local day). */
  loanerDueDays: number;
  /** Months a device is under warranty from its acceptance (installedAt), unless it names its own warrantyUntil. */
  deviceWarrantyMonths: number;
}

export const DEFAULT_PARTS_TERMS: PartsTerms = { pauseWhileWaitingForPart: false, repeatFailureDays: 30, loanerDueDays: 14, deviceWarrantyMonths: 36 };

const whole = (min: number, max: number, unit: string) => {
  const error = `must be a whole number of ${unit}, ${min}–${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional();
};

const schema = z
  .object(
    {
      pauseWhileWaitingForPart: z.boolean({ error: 'must be true or false' }).optional(),
      repeatFailureDays: whole(0, 365, 'days'),
      loanerDueDays: whole(1, 365, 'days'),
      deviceWarrantyMonths: whole(0, 240, 'months'),
    },
    { error: 'must be an object' },
  )
  .strict();

export const PARTS_TERMS = contractTerms<PartsTerms>('parts-terms', schema, DEFAULT_PARTS_TERMS);

export const validatePartsTerms = (raw: unknown) => PARTS_TERMS.validate(raw);
export const resolvePartsTerms = (own: Partial<PartsTerms> | null | undefined) => PARTS_TERMS.resolve(own);
