import { parseSimulateArgs, SimulateArgsError } from './args';

describe(parseSimulateArgs.name, () => {
  it('should apply defaults and take the password from the environment', () => {
    expect(parseSimulateArgs([], { VIGIL_ADMIN_PASSWORD: 'bench-password-1' })).toMatchObject({
      url: 'http://127.0.0.1:3000',
      mqtt: 'mqtt://127.0.0.1:1883',
      username: 'admin',
      password: 'bench-password-1',
      devices: null,
      intervalSec: null,
      faultRate: 0,
      inject: [],
      durationSec: null,
      qos: 1,
      connections: 1,
      generate: false,
      lab: false,
      secretsFile: null,
      zone: 'Asia/Shanghai',
    });
  });

  it('should take the recorders’ zone, and refuse one that is not an IANA zone', () => {
    expect(parseSimulateArgs(['--zone', 'Europe/Berlin'])).toMatchObject({ zone: 'Europe/Berlin' });
    expect(() => parseSimulateArgs(['--zone', 'Mars/Olympus'])).toThrow(new SimulateArgsError('--zone must be an IANA time zone such as Asia/Shanghai (got "Mars/Olympus")'));
  });

  it('should find the platform and broker the same variables started it on', () => {
    expect(parseSimulateArgs([], { PORT: '3100', MQTT_PORT: '1884' })).toMatchObject({ url: 'http://127.0.0.1:3100', mqtt: 'mqtt://127.0.0.1:1884' });
    expect(parseSimulateArgs([], { MQTT_URL: 'mqtt://broker:1883', MQTT_PORT: '1884' })).toMatchObject({ mqtt: 'mqtt://broker:1883' });
    expect(parseSimulateArgs(['--mqtt', 'mqtt://other:1885'], { MQTT_PORT: '1884' })).toMatchObject({ mqtt: 'mqtt://other:1885' });
  });

  it('should take the platform public address and the broker without the platform login from the environment, flags first', () => {
    const env = { VIGIL_PUBLIC_URL: 'https://vigil.example.com/', PORT: '3100', MQTT_URL: 'mqtt://vigil~platform:s3cret@broker:1883' };
    expect(parseSimulateArgs([], env)).toMatchObject({ url: 'https://vigil.example.com', mqtt: 'mqtt://broker:1883' });
    expect(parseSimulateArgs(['--url', 'http://10.0.0.5:3000', '--mqtt', 'mqtt://10.0.0.5:1884'], env)).toMatchObject({
      url: 'http://10.0.0.5:3000',
      mqtt: 'mqtt://10.0.0.5:1884',
    });
  });

  it('should read every option', () => {
    const o = parseSimulateArgs([
      '--devices',
      '500',
      '--interval',
      '2.5',
      '--fault-rate',
      '0.1',
      '--inject',
      'DVR-01:disk-failed',
      '--inject',
      'cam.7:silent',
      '--qos',
      '0',
      '--duration',
      '60',
      '--generate',
    ]);
    expect(o).toMatchObject({
      devices: 500,
      intervalSec: 2.5,
      faultRate: 0.1,
      qos: 0,
      durationSec: 60,
      generate: true,
      inject: [
        { deviceId: 'DVR-01', condition: 'disk-failed' },
        { deviceId: 'cam.7', condition: 'silent' },
      ],
    });
    expect(parseSimulateArgs(['--help'])).toBe('help');
    expect(parseSimulateArgs(['--lab', '--connections', '4'])).toMatchObject({ lab: true, connections: 4 });
    expect(parseSimulateArgs(['--secrets', 'logins.csv'])).toMatchObject({ lab: false, secretsFile: 'logins.csv' });
  });

  it.each([
    [['--devices', '0'], '--devices must be a whole number from 1'],
    [['--devices', '2.5'], '--devices must be a whole number'],
    [['--fault-rate', '2'], '--fault-rate must be a number from 0 to 1'],
    [['--interval', 'soon'], '--interval must be a number'],
    [['--inject', 'DVR-01:on-fire'], '--inject must be DEVICE:CONDITION'],
    [['--inject', 'nocolon'], '--inject must be DEVICE:CONDITION'],
    [['--qos', '2'], '--qos must be a whole number from 0 to 1'],
    [['--mqtt', 'http://x'], '--mqtt must be a broker address'],
    [['--generate'], '--generate needs --devices N'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--lab', '--secrets', 'x.csv'], '--lab and --secrets exclude each other'],
    [['--connections', '4'], '--connections needs --lab'],
  ])('should refuse %j naming the option', (argv, message) => {
    expect(() => parseSimulateArgs(argv)).toThrow(SimulateArgsError);
    expect(() => parseSimulateArgs(argv)).toThrow(message);
  });
});
