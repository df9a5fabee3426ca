import { cameraEventOf, cameraHealth } from './camera-events';

const note = (topic: string, data: Record<string, unknown>, source = 'VideoSourceToken') => ({
  topic: { _: topic, $: { Dialect: 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet' } },
  message: {
    message: {
      $: { UtcTime: new Date(), PropertyOperation: 'Changed' },
      source: { simpleItem: { $: { Name: 'Source', Value: source } } },
      data: { simpleItem: Object.entries(data).map(([Name, Value]) => ({ $: { Name, Value } })) },
    },
  },
});

describe(cameraEventOf.name, () => {
  it('should read tamper from the imaging service scene change and the tamper detector', () => {
    expect(cameraEventOf(note('tns1:VideoSource/GlobalSceneChange/ImagingService', { State: true }))).toEqual({ kind: 'tamper', source: 'VideoSourceToken', active: true });
    expect(cameraEventOf(note('tns1:RuleEngine/TamperDetector/Tamper', { IsTamper: 'false' }, 'vs1'))).toEqual({ kind: 'tamper', source: 'vs1', active: false });
  });

  it('should read video loss and ignore motion and unknown topics', () => {
    expect(cameraEventOf(note('tns1:VideoSource/SignalLoss', { State: true }))).toMatchObject({ kind: 'video-loss', active: true });
    expect(cameraEventOf(note('tns1:VideoSource/MotionAlarm', { State: true }))).toBeNull();
    expect(cameraEventOf(note('tns1:RuleEngine/CellMotionDetector/Motion', { IsMotion: true }))).toBeNull();
  });

  it('should drop a notification without a state or a topic', () => {
    expect(cameraEventOf(note('tns1:VideoSource/SignalLoss', { Other: true }))).toBeNull();
    expect(cameraEventOf({})).toBeNull();
    expect(cameraEventOf('nonsense')).toBeNull();
  });
});

describe(cameraHealth.name, () => {
  it('should be lost or tampered while any source is', () => {
    expect(cameraHealth(new Set(), new Set())).toEqual({ video: 'ok', tamper: false });
    expect(cameraHealth(new Set(['a']), new Set(['b']))).toEqual({ video: 'lost', tamper: true });
  });
});
