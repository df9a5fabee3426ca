import { readDisks, readFirmware, readInputVideoLoss, readProxyVideoLoss, readRecording } from './hikvision-xml';

const NS = 'version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"';

describe(readFirmware.name, () => {
  it('should read the version with its build', () => {
    expect(readFirmware(`<DeviceInfo ${NS}><firmwareVersion>V5.5.0</firmwareVersion><firmwareReleasedDate>build 170725</firmwareReleasedDate></DeviceInfo>`)).toBe(
      'V5.5.0 build 170725',
    );
    expect(readFirmware(`<DeviceInfo ${NS}><firmwareVersion>V5.5.0</firmwareVersion></DeviceInfo>`)).toBe('V5.5.0');
  });

  it('should throw on another document or broken XML', () => {
    expect(() => readFirmware('<hddList/>')).toThrow();
    expect(() => readFirmware('<DeviceInfo><firmwareVersion>')).toThrow();
  });
});

describe(readDisks.name, () => {
  const hdd = (id: string, status: string) => `<hdd><id>${id}</id><status>${status}</status></hdd>`;

  it.each([
    ['ok', 'ok'],
    ['idle', 'ok'],
    ['smartFailed', 'warning'],
    ['reparing', 'warning'],
    ['error', 'failed'],
    ['unformatted', 'failed'],
    ['abnormal', 'failed'],
    ['notexist', 'absent'],
    ['somethingNew', 'warning'],
  ])('should map status %s to %s', (status, state) => {
    expect(readDisks(`<hddList ${NS}>${hdd('1', status)}</hddList>`)).toEqual([{ id: '1', state }]);
  });

  it('should read an empty list as no disks', () => {
    expect(readDisks(`<hddList ${NS}/>`)).toEqual([]);
  });
});

describe(readRecording.name, () => {
  it('should read main-stream tracks by channel, disabled or unscheduled as not recording', () => {
    const track = (id: number, enable: string, schedule?: string) =>
      `<Track><id>${id}</id><Enable>${enable}</Enable>${schedule ? `<CustomExtensionList><CustomExtension><enableSchedule>${schedule}</enableSchedule></CustomExtension></CustomExtensionList>` : ''}</Track>`;
    const body = `<TrackList ${NS}>${track(101, 'true', 'true')}${track(102, 'false')}${track(201, 'false')}${track(301, 'true', 'false')}${track(401, 'true')}</TrackList>`;
    expect(readRecording(body)).toEqual([
      { ch: 1, recording: true },
      { ch: 2, recording: false },
      { ch: 3, recording: false },
      { ch: 4, recording: true },
    ]);
  });
});

describe(readProxyVideoLoss.name, () => {
  it('should read an offline IP channel as video lost', () => {
    const body = `<InputProxyChannelStatusList ${NS}><InputProxyChannelStatus><id>1</id><online>true</online></InputProxyChannelStatus><InputProxyChannelStatus><id>2</id><online>false</online></InputProxyChannelStatus></InputProxyChannelStatusList>`;
    expect(readProxyVideoLoss(body)).toEqual([
      { ch: 1, videoLoss: false },
      { ch: 2, videoLoss: true },
    ]);
  });
});

describe(readInputVideoLoss.name, () => {
  it('should read NO VIDEO as video lost', () => {
    const body = `<VideoInputChannelList ${NS}><VideoInputChannel><id>1</id><resDesc>NO VIDEO</resDesc></VideoInputChannel><VideoInputChannel><id>x</id></VideoInputChannel></VideoInputChannelList>`;
    expect(readInputVideoLoss(body)).toEqual([{ ch: 1, videoLoss: true }]);
  });
});
