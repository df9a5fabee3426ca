import { darkSiteOutage, estateHoldMs, isSiteDark, outageMembers, outageOf, outageWaitMs, silenceRoot, stragglerGraceMs, stragglersInOrder, type OutageDevice } from './outage';

const dev = (id: string, overrides: Partial<OutageDevice> = {}): OutageDevice => ({ id, siteId: 'S', parentId: null, heartbeat: true, silent: true, ...overrides });

describe(outageOf.name, () => {
  it('should put the devices behind a silent parent into the outage of the highest silent parent', () => {
    const devices = [
      dev('core', { silent: false }),
      dev('sw', { parentId: 'core' }),
      dev('nvr', { parentId: 'sw' }),
      dev('cam1', { parentId: 'nvr' }),
      dev('cam2', { parentId: 'nvr' }),
      dev('cam3', { parentId: 'core', silent: false }),
    ];
    expect(outageOf('cam1', devices)).toEqual({ kind: 'device', deviceId: 'sw' });
    expect(outageOf('nvr', devices)).toEqual({ kind: 'device', deviceId: 'sw' });
    expect(outageOf('sw', devices)).toEqual({ kind: 'device', deviceId: 'sw' });
    expect(outageMembers({ kind: 'device', deviceId: 'sw' }, devices)).toEqual(['cam1', 'cam2', 'nvr']);
  });

  it('should leave a device alone in its silence to a fault of its own, and not explain it by a silent device above an online one', () => {
    const devices = [dev('sw'), dev('nvr', { parentId: 'sw', silent: false }), dev('cam', { parentId: 'nvr' }), dev('other', { silent: false })];
    expect(outageOf('cam', devices)).toEqual({ kind: 'device', deviceId: 'cam' });
    expect(outageMembers({ kind: 'device', deviceId: 'cam' }, devices)).toEqual([]);
    expect(outageMembers({ kind: 'device', deviceId: 'sw' }, devices)).toEqual([]);
  });

  it('should make one outage of the site when a site without topology goes dark, listing every device', () => {
    const devices = Array.from({ length: 30 }, (_, i) => dev(`cam${String(i).padStart(2, '0')}`));
    expect(isSiteDark(devices, 'S')).toBe(true);
    expect(outageOf('cam07', devices)).toEqual({ kind: 'site', siteId: 'S' });
    expect(outageMembers({ kind: 'site', siteId: 'S' }, devices)).toHaveLength(30);
  });

  it('should not call a site dark while one heartbeat device still speaks, nor a site of one device', () => {
    const devices = [dev('a'), dev('b'), dev('c', { silent: false })];
    expect(isSiteDark(devices, 'S')).toBe(false);
    expect(outageOf('a', devices)).toEqual({ kind: 'device', deviceId: 'a' });
    expect(isSiteDark([dev('alone')], 'S')).toBe(false);
    // devices without heartbeats (a projector) neither darken nor light a site
    expect(isSiteDark([dev('a'), dev('b'), dev('wall', { heartbeat: false, silent: false })], 'S')).toBe(true);
  });

  it('should give a dark site to its one root when a single device explains every silence there', () => {
    const devices = [dev('sw'), dev('cam1', { parentId: 'sw' }), dev('cam2', { parentId: 'sw' })];
    expect(darkSiteOutage(devices, 'S')).toEqual({ kind: 'device', deviceId: 'sw' });
    expect(outageOf('cam2', devices)).toEqual({ kind: 'device', deviceId: 'sw' });
  });

  it('should give a dark site with two roots one fault of the site, listing every silent device', () => {
    const devices = [dev('sw1'), dev('sw2'), dev('cam1', { parentId: 'sw1' }), dev('cam2', { parentId: 'sw2' })];
    expect(outageOf('cam1', devices)).toEqual({ kind: 'site', siteId: 'S' });
    expect(outageMembers({ kind: 'site', siteId: 'S' }, devices)).toEqual(['cam1', 'cam2', 'sw1', 'sw2']);
  });

  it('should list the devices of a dark site under its one root even when an ancestor elsewhere is the root', () => {
    const devices = [dev('uplink', { siteId: 'HQ' }), dev('sw', { parentId: 'uplink' }), dev('cam', { parentId: 'sw' }), dev('hq-cam', { siteId: 'HQ', silent: false })];
    expect(outageOf('cam', devices)).toEqual({ kind: 'device', deviceId: 'uplink' });
    expect(outageMembers({ kind: 'device', deviceId: 'uplink' }, devices)).toEqual(['cam', 'sw']);
  });

  it('should list members whatever other faults they have: the rule reads silence only', () => {
    // an NVR with a flapping fault and a camera with video loss are silent like the rest
    const devices = [dev('sw'), dev('nvr-flapping', { parentId: 'sw' }), dev('cam-video-lost', { parentId: 'nvr-flapping' })];
    expect(outageMembers({ kind: 'device', deviceId: 'sw' }, devices)).toEqual(['cam-video-lost', 'nvr-flapping']);
  });

  it('should, after a partial recovery, leave only the still-silent members, parents before their children', () => {
    const devices = [dev('sw', { silent: false }), dev('nvr', { parentId: 'sw' }), dev('cam1', { parentId: 'nvr' }), dev('cam2', { parentId: 'sw', silent: false })];
    expect(outageOf('cam1', devices)).toEqual({ kind: 'device', deviceId: 'nvr' });
    expect(
      stragglersInOrder([
        { id: 'cam1', parentId: 'nvr' },
        { id: 'nvr', parentId: 'sw' },
        { id: 'cam0', parentId: null },
      ]),
    ).toEqual(['cam0', 'nvr', 'cam1']);
  });

  it('should have nobody left once the last member is back', () => {
    const devices = [dev('a', { silent: false }), dev('b', { silent: false })];
    expect(isSiteDark(devices, 'S')).toBe(false);
    expect(outageMembers({ kind: 'site', siteId: 'S' }, devices)).toEqual([]);
  });
});

describe(silenceRoot.name, () => {
  it('should stop on a loop in the topology', () => {
    const parents: Record<string, string> = { a: 'b', b: 'a' };
    expect(
      silenceRoot(
        'a',
        (id) => parents[id] ?? null,
        () => true,
      ),
    ).toBe('b');
  });
});

describe(outageWaitMs.name, () => {
  it('should wait for the latest window that could still join, plus the own interval and a margin, bounded', () => {
    expect(outageWaitMs(1, [], 2)).toBe(0);
    expect(outageWaitMs(1, [1], 2)).toBe(4000);
    expect(outageWaitMs(30, [60], 3)).toBe(120_000);
    expect(outageWaitMs(30, [10], 3)).toBe(33_000);
  });

  it('should give stragglers their window and two seconds', () => {
    expect(stragglerGraceMs([1, 5], 2)).toBe(12_000);
  });
});

describe(estateHoldMs.name, () => {
  it("should wait for the longest window still running elsewhere past the site's own, only while something elsewhere is silent, two minutes at most", () => {
    expect(estateHoldMs(30, { offline: 0, maxIntervalSec: 60 }, 3)).toBe(0);
    expect(estateHoldMs(30, { offline: 15, maxIntervalSec: 60 }, 3)).toBe(90_000);
    expect(estateHoldMs(60, { offline: 15, maxIntervalSec: 30 }, 3)).toBe(0);
    expect(estateHoldMs(10, { offline: 1, maxIntervalSec: 300 }, 3)).toBe(120_000);
  });
});
