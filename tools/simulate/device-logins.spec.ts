import { parseDeviceLogins } from './device-logins';

describe(parseDeviceLogins.name, () => {
  it('should read the CSV the platform answers', () => {
    expect(parseDeviceLogins('\uFEFFdeviceId,username,password\r\nDVR-1,DVR-1,abc_-1\r\ncam.2,cam.2,xyz\r\n')).toEqual([
      { deviceId: 'DVR-1', username: 'DVR-1', password: 'abc_-1' },
      { deviceId: 'cam.2', username: 'cam.2', password: 'xyz' },
    ]);
  });

  it.each([
    ['id,secret\nA,b', 'starts with the header'],
    ['deviceId,username,password\nA,A', 'line 2 of the logins file'],
    ['deviceId,username,password\nA,A,b,c', 'line 2 of the logins file'],
  ])('should refuse %j', (text, message) => {
    expect(() => parseDeviceLogins(text)).toThrow(message);
  });
});
