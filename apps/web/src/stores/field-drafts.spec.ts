import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { DRAFTS_KEY, useFieldDrafts } from './field-drafts';

/** A reload: a new Pinia reads the drafts back from localStorage. */
function reload() {
  setActivePinia(createPinia());
  return useFieldDrafts();
}

describe('useFieldDrafts', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('should keep what was typed into a line when another line is typed into, and after a reload', () => {
    const drafts = useFieldDrafts();
    drafts.setValue('p1', 'switch-temp@SW1', '4');
    drafts.setValue('p1', 'switch-temp@SW1', '42');
    drafts.setValue('p1', 'remarks', '机柜门锁损坏');
    drafts.setNote('p1', 'dusting', 'cabinet 3 still dusty');
    expect(drafts.get('p1', 'switch-temp@SW1')?.value).toBe('42');

    const again = reload();
    expect(again.get('p1', 'switch-temp@SW1')).toMatchObject({ value: '42' });
    expect(again.get('p1', 'remarks')).toMatchObject({ value: '机柜门锁损坏' });
    expect(again.get('p1', 'dusting')).toMatchObject({ note: 'cabinet 3 still dusty' });
    expect(again.count('p1')).toBe(3);
  });

  it('should drop a draft once its write is queued, but not when something else was typed meanwhile', () => {
    const drafts = useFieldDrafts();
    drafts.setValue('p1', 'a', '30');
    const sent = { ...drafts.get('p1', 'a')! };
    drafts.setValue('p1', 'a', '31');
    drafts.discard('p1', 'a', sent);
    expect(drafts.get('p1', 'a')?.value).toBe('31');
    drafts.discard('p1', 'a', { ...drafts.get('p1', 'a')! });
    expect(drafts.get('p1', 'a')).toBeUndefined();
    expect(reload().get('p1', 'a')).toBeUndefined();
  });

  it("should clear one patrol's drafts and leave the others", () => {
    const drafts = useFieldDrafts();
    drafts.setValue('p1', 'a', '1');
    drafts.setValue('p2', 'a', '2');
    drafts.clearPatrol('p1');
    expect(drafts.count('p1')).toBe(0);
    expect(reload().get('p2', 'a')?.value).toBe('2');
  });

  it('should start empty when what is stored is not drafts', () => {
    localStorage.setItem(DRAFTS_KEY, '{not json');
    expect(reload().drafts).toEqual({});
    localStorage.setItem(DRAFTS_KEY, '[1,2]');
    expect(reload().drafts).toEqual({});
  });
});
