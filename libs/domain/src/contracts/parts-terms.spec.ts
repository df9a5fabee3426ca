import { DEFAULT_PARTS_TERMS, resolvePartsTerms, validatePartsTerms } from './parts-terms';

describe('PartsTerms', () => {
  it('should take the defaults for what a contract leaves out', () => {
    expect(resolvePartsTerms(null)).toEqual({ pauseWhileWaitingForPart: false, repeatFailureDays: 30, loanerDueDays: 14, deviceWarrantyMonths: 36 });
    expect(resolvePartsTerms({ loanerDueDays: 7 })).toEqual({ ...DEFAULT_PARTS_TERMS, loanerDueDays: 7 });
  });

  it('should name the field of a bad term', () => {
    expect(validatePartsTerms({ repeatFailureDays: -1 })).toMatchObject({ ok: false, errors: [{ field: 'settings.repeatFailureDays' }] });
    expect(validatePartsTerms({ loanerDueDays: 0 })).toMatchObject({ ok: false, errors: [{ field: 'settings.loanerDueDays' }] });
    expect(validatePartsTerms({ deviceWarrantyMonths: 1.5 })).toMatchObject({ ok: false, errors: [{ field: 'settings.deviceWarrantyMonths' }] });
    expect(validatePartsTerms({ pauseWhileWaitingForPart: 'yes' })).toMatchObject({ ok: false, errors: [{ field: 'settings.pauseWhileWaitingForPart' }] });
    expect(validatePartsTerms({ colour: 'red' })).toMatchObject({ ok: false });
    expect(validatePartsTerms([])).toMatchObject({ ok: false, errors: [{ field: 'settings' }] });
  });

  it('should keep what the contract set, and 0 turns the repeat-failure rule off', () => {
    expect(validatePartsTerms({ repeatFailureDays: 0, pauseWhileWaitingForPart: true })).toEqual({ ok: true, value: { repeatFailureDays: 0, pauseWhileWaitingForPart: true } });
  });
});
