import { DEFAULT_FAULT_RULES } from './fault-rules';
import { mergeFaultRules, validateFaultRules } from './validate-fault-rules';

describe(validateFaultRules.name, () => {
  it('should accept no rules, some rules and every rule', () => {
    expect(validateFaultRules({})).toEqual([]);
    expect(validateFaultRules({ levels: { offline: { camera: 2 } }, flapping: { changes: 5, windowMinutes: 15, level: 4 } })).toEqual([]);
    expect(validateFaultRules(DEFAULT_FAULT_RULES)).toEqual([]);
    expect(validateFaultRules({ majorEvents: [{ name: '两会保障', from: '2027-03-01T00:00:00+08:00', to: '2027-03-15T00:00:00+08:00', siteIds: null, raiseBy: 1 }] })).toEqual([]);
  });

  it.each([
    [[], 'faultRules'],
    [{ colour: 'red' }, 'faultRules.colour'],
    [{ levels: { melted: { '*': 1 } } }, 'faultRules.levels.melted'],
    [{ levels: { offline: { toaster: 1 } } }, 'faultRules.levels.offline.toaster'],
    [{ levels: { offline: { camera: 5 } } }, 'faultRules.levels.offline.camera'],
    [{ levels: { offline: 2 } }, 'faultRules.levels.offline'],
    [{ criticalityRaise: { critical: 3 } }, 'faultRules.criticalityRaise.critical'],
    [{ criticalityRaise: { vital: 1 } }, 'faultRules.criticalityRaise.vital'],
    [{ widespread: { affected: 0, level: 2 } }, 'faultRules.widespread'],
    [{ siteOfflineLevel: 0 }, 'faultRules.siteOfflineLevel'],
    [{ flapping: { changes: 1, windowMinutes: 10, level: 4 } }, 'faultRules.flapping'],
    [{ majorEvents: {} }, 'faultRules.majorEvents'],
    [{ majorEvents: [{ name: 'x', from: '2027-03-01', to: '2027-03-15T00:00:00Z', siteIds: null, raiseBy: 1 }] }, 'faultRules.majorEvents[0].from'],
    [{ majorEvents: [{ name: 'x', from: '2027-03-15T00:00:00Z', to: '2027-03-01T00:00:00Z', siteIds: null, raiseBy: 1 }] }, 'faultRules.majorEvents[0].to'],
    [{ majorEvents: [{ name: 'x', from: '2027-03-01T00:00:00Z', to: '2027-03-15T00:00:00Z', siteIds: 's1', raiseBy: 1 }] }, 'faultRules.majorEvents[0].siteIds'],
    [{ majorEvents: [{ name: 'x', from: '2027-03-01T00:00:00Z', to: '2027-03-15T00:00:00Z', siteIds: null, raiseBy: 4 }] }, 'faultRules.majorEvents[0].raiseBy'],
    [{ majorEvents: [{ name: '', from: '2027-03-01T00:00:00Z', to: '2027-03-15T00:00:00Z', siteIds: null, raiseBy: 1 }] }, 'faultRules.majorEvents[0].name'],
    [{ quietHours: '22:00-07:00' }, 'faultRules.quietHours'],
    [{ quietHours: { from: '22:00', to: '7:00' } }, 'faultRules.quietHours.to'],
    [{ quietHours: { from: '24:00', to: '07:00' } }, 'faultRules.quietHours.from'],
    [{ quietHours: { from: '22:00', to: '07:00', zone: 'UTC' } }, 'faultRules.quietHours.zone'],
  ])('should refuse %j naming %s', (raw, field) => {
    expect(validateFaultRules(raw).map((e) => e.field)).toEqual([field]);
  });
});

describe(mergeFaultRules.name, () => {
  it('should keep the defaults for what a contract leaves out, and merge levels per device type', () => {
    expect(mergeFaultRules(null)).toBe(DEFAULT_FAULT_RULES);
    const merged = mergeFaultRules({ levels: { offline: { camera: 2 } } as never, siteOfflineLevel: 2 });
    expect(merged.levels.offline).toEqual({ ...DEFAULT_FAULT_RULES.levels.offline, camera: 2 });
    expect(merged.levels['disk-failed']).toEqual(DEFAULT_FAULT_RULES.levels['disk-failed']);
    expect(merged.siteOfflineLevel).toBe(2);
    expect(merged.flapping).toEqual(DEFAULT_FAULT_RULES.flapping);
    expect(DEFAULT_FAULT_RULES.levels.offline.camera).toBeUndefined();
  });

  it('should take quiet hours as given, and none by default', () => {
    expect(validateFaultRules({ quietHours: { from: '22:00', to: '07:00' } })).toEqual([]);
    expect(validateFaultRules({ quietHours: null })).toEqual([]);
    expect(mergeFaultRules({ quietHours: { from: '22:00', to: '07:00' } }).quietHours).toEqual({ from: '22:00', to: '07:00' });
    expect(mergeFaultRules({ siteOfflineLevel: 2 }).quietHours).toBeNull();
  });
});
