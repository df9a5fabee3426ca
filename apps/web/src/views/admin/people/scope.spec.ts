import { describe, expect, it } from 'vitest';
import { choiceOf, scopeSummary, scopeToApi, siteTree, withoutCovered } from './scope';
import type { SiteRow } from './types';

const site = (id: string, parentId: string | null, customerId: string | null = 'cust-a'): SiteRow => ({
  id,
  code: id.toUpperCase(),
  name: `Site ${id}`,
  region: 'Qingdao',
  parentId,
  customerId,
  contractId: null,
  timeZone: 'Asia/Shanghai',
});

// centre → qingdao → (room-1, room-2); airport alone; other customer's depot
const SITES = [site('room-2', 'qingdao'), site('centre', null), site('qingdao', 'centre'), site('room-1', 'qingdao'), site('airport', null), site('depot', null, 'cust-b')];
const CUSTOMERS = [
  { id: 'cust-a', name: 'Bureau' },
  { id: 'cust-b', name: 'Rail' },
];

describe('siteTree', () => {
  it('should nest sites under their parents in code order', () => {
    expect(siteTree(SITES)).toEqual([
      { value: 'airport', label: 'Site airport (AIRPORT)' },
      {
        value: 'centre',
        label: 'Site centre (CENTRE)',
        children: [
          {
            value: 'qingdao',
            label: 'Site qingdao (QINGDAO)',
            children: [
              { value: 'room-1', label: 'Site room-1 (ROOM-1)' },
              { value: 'room-2', label: 'Site room-2 (ROOM-2)' },
            ],
          },
        ],
      },
      { value: 'depot', label: 'Site depot (DEPOT)' },
    ]);
  });

  it('should make a site whose parent is out of sight a root, and survive a loop in the data', () => {
    expect(siteTree([site('room-1', 'qingdao')])).toEqual([{ value: 'room-1', label: 'Site room-1 (ROOM-1)' }]);
    const loop = [site('x', 'y'), site('y', 'x')];
    expect(siteTree(loop)).toEqual([]);
  });
});

describe('scope choice', () => {
  it('should drop sites a named site already brings, and repeats', () => {
    expect(withoutCovered(['room-1', 'centre', 'airport', 'airport'], SITES)).toEqual(['centre', 'airport']);
    expect(withoutCovered(['room-1', 'room-2'], SITES)).toEqual(['room-1', 'room-2']);
  });

  it('should send null for the whole estate, and refuse a scope naming nothing', () => {
    expect(scopeToApi(choiceOf(null), SITES)).toEqual({ scope: null, problem: null });
    expect(scopeToApi({ whole: false, customerIds: [], siteIds: [] }, SITES).problem).toBe('scopeEmpty');
    expect(scopeToApi({ whole: false, customerIds: ['cust-b', 'cust-b'], siteIds: ['qingdao', 'room-1'] }, SITES)).toEqual({
      scope: { customerIds: ['cust-b'], siteIds: ['qingdao'] },
      problem: null,
    });
  });

  it('should read a stored scope back into the form unchanged', () => {
    expect(choiceOf({ customerIds: ['cust-b'], siteIds: ['qingdao'] })).toEqual({ whole: false, customerIds: ['cust-b'], siteIds: ['qingdao'] });
  });

  it('should say what a scope names and how many sites it comes to, as the server counts them', () => {
    expect(scopeSummary(null, CUSTOMERS, SITES)).toEqual({ whole: true });
    expect(scopeSummary({ customerIds: ['cust-b'], siteIds: ['qingdao'] }, CUSTOMERS, SITES)).toEqual({
      whole: false,
      customers: ['Rail'],
      sites: ['Site qingdao (QINGDAO)'],
      siteCount: 4,
    });
    expect(scopeSummary({ customerIds: [], siteIds: ['gone'] }, CUSTOMERS, SITES)).toMatchObject({ sites: ['gone'], siteCount: 0 });
  });
});
