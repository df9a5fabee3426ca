import { faultHandling } from './fault-handling';

const t = (min: number) => new Date(Date.UTC(2026, 11, 1, 0, min));
const none = { acknowledgedAt: null, restoredAt: null, closedAt: null, clearedAt: null };

describe(faultHandling.name, () => {
  it('should call a fault a person acknowledged, dispatched, restored or closed handled', () => {
    expect(faultHandling({ ...none, acknowledgedAt: t(1) })).toBe('handled');
    // acknowledged, then the device came back by itself: still handled
    expect(faultHandling({ ...none, acknowledgedAt: t(1), restoredAt: t(9), clearedAt: t(9), closedAt: t(9) })).toBe('handled');
    expect(faultHandling({ ...none, restoredAt: t(3), clearedAt: t(5) })).toBe('handled');
    expect(faultHandling({ ...none, restoredAt: t(3), closedAt: t(3) })).toBe('handled');
  });

  it('should call a fault health recovery cleared before anyone acted self-cleared', () => {
    expect(faultHandling({ ...none, restoredAt: t(0), clearedAt: t(0), closedAt: t(0) })).toBe('self-cleared');
  });

  it('should call an open fault nobody touched untouched', () => {
    expect(faultHandling(none)).toBe('untouched');
  });
});
