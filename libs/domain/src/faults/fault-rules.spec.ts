import { classifyFault, DEFAULT_FAULT_RULES, majorEventRaise, raiseLevel, type FaultRules } from './fault-rules';

const at = new Date('2026-11-22T10:00:00Z');
const base = { siteId: 's1', at, criticality: 'normal' as const };

describe(classifyFault.name, () => {
  it.each([
    ['offline', 'server', 1],
    ['offline', 'dvr', 2],
    ['offline', 'switch', 2],
    ['offline', 'camera', 3],
    ['disk-failed', 'dvr', 2],
    ['disk-warning', 'nvr', 4],
    ['channel-not-recording', 'dvr', 3],
    ['video-loss', 'camera', 3],
    ['uplink-down', 'switch', 2],
    ['temperature-high', 'switch', 4],
    ['service-down', 'server', 2],
    ['flapping', 'switch', 4],
  ] as const)('should give %s on a %s level %i', (kind, deviceType, level) => {
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind, deviceType })).toBe(level);
  });

  it('should raise a parent taking many devices with it, and a critical device, but never past level 1', () => {
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'offline', deviceType: 'camera', affectedCount: 4 })).toBe(3);
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'offline', deviceType: 'camera', affectedCount: 5 })).toBe(2);
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'offline', deviceType: 'switch', criticality: 'critical' })).toBe(1);
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'offline', deviceType: 'server', criticality: 'critical' })).toBe(1);
  });

  it('should give the outage of a whole site dark the site-offline level, as the contract sets it', () => {
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'site-offline', deviceType: null, affectedCount: 30 })).toBe(1);
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'offline', deviceType: 'switch', affectedCount: 5, siteDark: true })).toBe(1);
    const lenient: FaultRules = { ...DEFAULT_FAULT_RULES, siteOfflineLevel: 2 };
    expect(classifyFault(lenient, { ...base, kind: 'site-offline', deviceType: null })).toBe(2);
    expect(classifyFault(lenient, { ...base, kind: 'offline', deviceType: 'camera', siteDark: true })).toBe(2);
  });

  it('should raise levels inside a major-event window at the sites it names only', () => {
    const rules: FaultRules = {
      ...DEFAULT_FAULT_RULES,
      majorEvents: [{ name: '重大活动', from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z', siteIds: ['s1'], raiseBy: 1 }],
    };
    expect(classifyFault(rules, { ...base, kind: 'video-loss', deviceType: 'camera' })).toBe(2);
    expect(classifyFault(rules, { ...base, siteId: 's2', kind: 'video-loss', deviceType: 'camera' })).toBe(3);
    expect(classifyFault(rules, { ...base, at: new Date('2026-11-23T00:00:00Z'), kind: 'video-loss', deviceType: 'camera' })).toBe(3);
    expect(majorEventRaise(rules, 's1', at)).toBe(1);
  });

  it('should take the reported level for kinds no rule covers', () => {
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'image-quality', deviceType: null, reportedLevel: 4 })).toBe(4);
    expect(classifyFault(DEFAULT_FAULT_RULES, { ...base, kind: 'other', deviceType: null })).toBe(3);
    expect(raiseLevel(2, 5)).toBe(1);
  });
});
