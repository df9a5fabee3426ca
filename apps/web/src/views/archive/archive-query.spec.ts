import { describe, expect, it } from 'vitest';
import { archiveQuery, percent, recentHalves } from './archive-query';

describe('archiveQuery', () => {
  it('should ask for nothing until a contract, site or device is picked', () => {
    expect(archiveQuery({ level: 'site', id: '', from: '', to: '2026-12', kinds: [] })).toBeNull();
  });

  it('should name the level picked, the period and the kinds comma-separated', () => {
    expect(archiveQuery({ level: 'device', id: 'd-1', from: '2026-01', to: '2026-06', kinds: ['fault', 'repair'] })).toEqual({
      deviceId: 'd-1',
      from: '2026-01',
      to: '2026-06',
      kinds: 'fault,repair',
    });
    expect(archiveQuery({ level: 'contract', id: 'k-1', from: '', to: '', kinds: [] })).toEqual({ contractId: 'k-1', from: undefined, to: undefined, kinds: undefined });
  });
});

describe('the half-yearly analysis', () => {
  it('should offer the half years up to now, newest first', () => {
    expect(recentHalves(new Date(2026, 11, 2), 3)).toEqual(['2026H2', '2026H1', '2025H2']);
    expect(recentHalves(new Date(2026, 2, 1), 2)).toEqual(['2026H1', '2025H2']);
  });

  it('should write shares as percentages', () => {
    expect(percent(0.875)).toBe('87.5%');
    expect(percent(null)).toBe('—');
  });
});
