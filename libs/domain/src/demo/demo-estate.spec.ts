import { DEVICE_ID_PATTERN } from '../assets/device-type';
import { buildDemoEstate } from './demo-estate';

describe(buildDemoEstate.name, () => {
  const estate = buildDemoEstate();
  const byId = new Map(estate.devices.map((d) => [d.id, d]));

  it('should hold the tender sites: one provincial centre, six sub-centres, Qingdao bureau with five rooms, the airport room and the network', () => {
    const kinds = estate.sites.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.kind]: (acc[s.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ 'provincial-centre': 1, 'sub-centre': 6, 'qingdao-bureau': 1, 'monitoring-room': 5, 'airport-room': 1, network: 1 });
    const qd = estate.sites.filter((s) => s.parentCode === 'QD').map((s) => s.code);
    expect(qd).toEqual(['QD-R1', 'QD-R2', 'QD-R3', 'QD-R4', 'QD-R5', 'QD-AIR']);
    expect(estate.sites.filter((s) => s.region === 'Qingdao').map((s) => s.code)).toEqual(['QD', ...qd]);
  });

  it('should hold a few hundred devices with valid unique ids on known sites', () => {
    expect(estate.devices.length).toBeGreaterThanOrEqual(300);
    expect(estate.devices.length).toBeLessThanOrEqual(500);
    expect(byId.size).toBe(estate.devices.length);
    const codes = new Set(estate.sites.map((s) => s.code));
    for (const d of estate.devices) {
      expect(d.id).toMatch(DEVICE_ID_PATTERN);
      expect(codes.has(d.siteCode)).toBe(true);
    }
  });

  it('should hang every parent reference on an existing device without loops, cameras on recorders', () => {
    for (const d of estate.devices) {
      const seen = new Set([d.id]);
      let parent = d.parentId;
      while (parent) {
        expect(byId.has(parent)).toBe(true);
        expect(seen.has(parent)).toBe(false);
        seen.add(parent);
        parent = byId.get(parent)!.parentId;
      }
      if (d.type === 'camera') expect(['dvr', 'nvr']).toContain(byId.get(d.parentId!)!.type);
    }
  });

  it('should include the central servers, the video wall and audio at the provincial centre', () => {
    const prov = estate.devices.filter((d) => d.siteCode === 'PROV').map((d) => d.type);
    expect(prov.filter((t) => t === 'server')).toHaveLength(5);
    for (const t of [
      'video-wall',
      'wall-controller',
      'video-matrix',
      'audio-mixer',
      'equaliser',
      'amplifier',
      'speaker',
      'microphone',
      'audio-matrix',
      'conference-host',
      'ups',
      'projector',
    ]) {
      expect(prov).toContain(t);
    }
  });

  it('should be the same on every call', () => {
    expect(buildDemoEstate()).toEqual(estate);
  });
});
