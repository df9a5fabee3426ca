import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT_RULES } from '@vigil/domain/faults/fault-rules';
import { formToRules, fromLocalInput, isDefaultTypeLevel, rulesToForm, toLocalInput } from './fault-rules-form';

const ZONE = 'Asia/Shanghai';

describe('the fault rules form', () => {
  it('should show the defaults for a contract without rules, and store them unchanged', () => {
    const form = rulesToForm(null, ZONE);
    expect(form.levels.find((r) => r.kind === 'offline')).toEqual({
      kind: 'offline',
      all: 3,
      byType: [
        { type: 'server', level: 1 },
        { type: 'dvr', level: 2 },
        { type: 'nvr', level: 2 },
        { type: 'switch', level: 2 },
      ],
    });
    expect(formToRules(form, ZONE)).toEqual(DEFAULT_FAULT_RULES);
  });

  it("should lay the contract's own rules over the defaults", () => {
    const form = rulesToForm({ levels: { 'video-loss': { camera: 2 } }, flapping: { changes: 5, windowMinutes: 30, level: 3 }, quietHours: { from: '22:00', to: '07:00' } }, ZONE);
    expect(form.levels.find((r) => r.kind === 'video-loss')).toEqual({ kind: 'video-loss', all: 3, byType: [{ type: 'camera', level: 2 }] });
    expect(form.flapping).toEqual({ changes: '5', windowMinutes: '30', level: 3 });
    expect(form.quietHours).toEqual({ enabled: true, from: '22:00', to: '07:00' });
    expect(form.widespread).toEqual({ affected: '5', level: 2 });
  });

  it("should send major events as instants in the contract's zone, every site as null, and bad text as typed", () => {
    const form = rulesToForm(null, ZONE);
    form.majorEvents.push({ name: '两会保障', from: '2027-03-01 08:00', to: 'soon', siteIds: [], raiseBy: 1 });
    form.widespread.affected = 'many';
    form.quietHours.enabled = false;
    const rules = formToRules(form, ZONE);
    expect(rules.majorEvents).toEqual([{ name: '两会保障', from: '2027-03-01T08:00:00+08:00', to: 'soon', siteIds: null, raiseBy: 1 }]);
    expect(rules.widespread).toEqual({ affected: 'many', level: 2 });
    expect(rules.quietHours).toBeNull();
  });

  it("should edit the video thresholds: the contract's over the defaults, retention days per site class, numbers as typed", () => {
    const form = rulesToForm({ video: { maxGapMinutes: 15, retentionDays: { hotel: 60 } } }, ZONE);
    expect(form.video).toEqual({
      maxGapMinutes: '15',
      retentionDays: { general: '30', bank: '30', school: '30', hotel: '60', 'key-site': '90', prison: '90' },
      minBitrateKbps: '256',
      minFps: '10',
      vqdMinScore: '60',
    });
    form.video.retentionDays.bank = '45';
    form.video.minFps = '0';
    form.video.vqdMinScore = 'high';
    expect(formToRules(form, ZONE).video).toEqual({
      maxGapMinutes: 15,
      retentionDays: { general: 30, bank: 45, school: 30, hotel: 60, 'key-site': 90, prison: 90 },
      minBitrateKbps: 256,
      minFps: 0,
      vqdMinScore: 'high',
    });
  });

  it("should read a stored instant back in the contract's zone", () => {
    expect(toLocalInput('2027-03-01T00:00:00Z', ZONE)).toBe('2027-03-01 08:00');
    expect(fromLocalInput('2027-03-01 08:00', 'Europe/London')).toBe('2027-03-01T08:00:00+00:00');
  });

  it('should keep the levels the defaults set for a type (they merge back in) and let others go', () => {
    expect(isDefaultTypeLevel('offline', 'server')).toBe(true);
    expect(isDefaultTypeLevel('video-loss', 'camera')).toBe(false);
  });
});
