import { applyHeartbeat, applyVqd, DEFAULT_VIDEO_THRESHOLDS, initialHealth, parseHeartbeat, parseVqd, type Condition, type DeviceType } from '@vigil/domain';
import { conditionsOf, makeSimDevice, nextMessage, vqdMessage, type SimType } from './sim-device';

/** The simulator speaks the platform's contract: its messages pass the platform's own parsers and raise what they claim. */
const ZONE = 'Asia/Shanghai';
// 18:00 in Shanghai: a two-hour gap fits in the day so far
const AT = new Date('2026-11-22T10:00:00Z');
const video = { timeZone: ZONE, siteClass: 'bank' as const, thresholds: DEFAULT_VIDEO_THRESHOLDS };

function conditionsAfter(type: SimType, condition: ReturnType<typeof conditionsOf>[number] | null): Condition[] {
  const d = { ...makeSimDevice('SIM-1', type, 10, () => 0), condition };
  const heartbeat = parseHeartbeat(Buffer.from(nextMessage(d, AT, ZONE)!.payload), type as DeviceType);
  if (!heartbeat.ok) throw new Error(`${type} ${condition}: ${heartbeat.detail}`);
  let state = applyHeartbeat(initialHealth(), heartbeat.value, AT, { tempHighC: 70, video }).state;
  const vqd = vqdMessage(d, AT);
  if (vqd) {
    const report = parseVqd(Buffer.from(vqd.payload), type as DeviceType);
    if (!report.ok) throw new Error(`${type} ${condition} vqd: ${report.detail}`);
    state = applyVqd(state, report.value, DEFAULT_VIDEO_THRESHOLDS).state;
  }
  return state.conditions;
}

describe('the simulator’s messages under the platform’s contract', () => {
  it.each(['dvr', 'nvr', 'camera', 'switch', 'server'] as const)('should send a healthy %s the platform finds healthy', (type) => {
    expect(conditionsAfter(type, null)).toEqual([]);
  });

  const injections = (['dvr', 'nvr', 'camera', 'switch', 'server'] as const).flatMap((type) =>
    conditionsOf(type)
      .filter((c) => c !== 'silent' && c !== 'offline')
      .map((c) => [type, c] as const),
  );
  it.each(injections)('should make a %s with %s show that condition', (type, condition) => {
    expect(conditionsAfter(type, condition).map((c) => c.kind)).toContain(condition);
  });
});
