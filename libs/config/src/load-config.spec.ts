import { ConfigError, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  it('should apply the contract defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'sqlite', path: './data/vigil.sqlite' });
    // the embedded database follows the data directory unless DATABASE_URL says otherwise
    expect(loadConfig({ VIGIL_DATA_DIR: '/var/lib/vigil/' }).database).toEqual({ kind: 'sqlite', path: '/var/lib/vigil/vigil.sqlite' });
    expect(config.mqtt.url).toBeNull();
    expect(config.mqtt.embeddedPort).toBe(1883);
    expect(config.mqtt).toMatchObject({ bind: '127.0.0.1', auth: true, brokerAdmin: 'none', username: null, password: null });
    expect(config.demo).toBe(false);
    expect(config.adminPassword).toBeNull();
    expect(config.onlineHistoryDays).toBe(400);
    expect(config.auditRetentionDays).toBe(400);
  });

  it('should accept a postgres url and an external broker', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/test', MQTT_URL: 'mqtt://127.0.0.1:1883', VIGIL_DEMO: '1' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/test' });
    expect(config.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(config.demo).toBe(true);
  });

  it('should take the platform broker login from MQTT_URL and keep it out of the address', () => {
    const config = loadConfig({ MQTT_URL: 'mqtt://vigil~platform:s%40cret@broker:1883', VIGIL_MQTT_AUTH: 'off', VIGIL_MQTT_BROKER_ADMIN: 'dynsec' });
    expect(config.mqtt).toMatchObject({ url: 'mqtt://broker:1883', username: 'vigil~platform', password: 's@cret', auth: false, brokerAdmin: 'dynsec' });
    expect(loadConfig({ MQTT_USERNAME: '$vigil', MQTT_PASSWORD: 'pw' }).mqtt).toMatchObject({ username: '$vigil', password: 'pw' });
  });

  it.each([
    ['MQTT_USERNAME', 'vigil', /MQTT_USERNAME must be a name no device id can take/],
    ['VIGIL_MQTT_AUTH', 'maybe', /VIGIL_MQTT_AUTH must be one of on, off/],
    ['VIGIL_MQTT_BROKER_ADMIN', 'acl-file', /VIGIL_MQTT_BROKER_ADMIN must be one of none, dynsec/],
    ['VIGIL_MQTT_BIND', 'every where', /VIGIL_MQTT_BIND must be/],
    ['VIGIL_MQTT_BROKER_ADMIN', 'dynsec', /VIGIL_MQTT_BROKER_ADMIN must be none unless MQTT_URL/],

    ['PORT', 'abc', /PORT must be an integer from 0 to 65535/],
    ['PORT', '70000', /PORT must be an integer/],
    ['MQTT_PORT', '-1', /MQTT_PORT must be an integer/],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL must be sqlite:<path> or postgres:/],
    ['DATABASE_URL', 'sqlite:', /DATABASE_URL/],
    ['MQTT_URL', 'http://broker', /MQTT_URL must be a broker address/],
    ['VIGIL_DEMO', 'yes', /VIGIL_DEMO must be one of 0, 1/],
    ['VIGIL_ADMIN_PASSWORD', 'short-pw1', /VIGIL_ADMIN_PASSWORD must be at least 10/],
    ['VIGIL_ADMIN_PASSWORD', 'Password123', /VIGIL_ADMIN_PASSWORD must be a password that is not one of the most common ones/],
    ['VIGIL_LOGIN_ADDRESS_LIMIT', '20', /VIGIL_LOGIN_ADDRESS_LIMIT must be an integer from 50/],
    ['VIGIL_TRUST_PROXY', 'everyone', /VIGIL_TRUST_PROXY must be a number of proxy hops/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['VIGIL_ONLINE_HISTORY_DAYS', '7', /VIGIL_ONLINE_HISTORY_DAYS must be an integer from 31 to 3650/],
  ])('should refuse %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('should take partitioned ingest on RabbitMQ, masking the AMQP password and naming a wrong variable', () => {
    expect(loadConfig({}).ingestSource).toEqual({ kind: 'mqtt' });
    expect(loadConfig({ INGEST_SOURCE: 'amqp', AMQP_URL: 'amqp://u:p@mq:5672', INGEST_PARTITIONS: '8', INGEST_PARTITIONS_PREFERRED: '4-5,0' }).ingestSource).toEqual({
      kind: 'amqp',
      url: 'amqp://u:p@mq:5672',
      partitions: 8,
      preferred: [0, 4, 5],
      standbyDelayMs: 3000,
    });
    expect(() => loadConfig({ INGEST_SOURCE: 'amqp' })).toThrow('AMQP_URL');
    expect(() => loadConfig({ INGEST_SOURCE: 'kafka' })).toThrow('INGEST_SOURCE');
    expect(() => loadConfig({ INGEST_SOURCE: 'amqp', AMQP_URL: 'amqp://u:p@mq', INGEST_PARTITIONS_PREFERRED: '7-8', INGEST_PARTITIONS: '8' })).toThrow(
      'INGEST_PARTITIONS_PREFERRED',
    );
    expect(() => loadConfig({ INGEST_PARTITIONS: '0' })).toThrow('INGEST_PARTITIONS');
    expect(() => loadConfig({ AMQP_URL: 'http://u:secret@mq' })).toThrow(/AMQP_URL.*u:\*+@mq/);
  });

  it('should take the login limit per address and the proxies to trust', () => {
    expect(loadConfig({})).toMatchObject({ loginFailuresPerAddress: 100, trustProxy: false });
    expect(loadConfig({ VIGIL_LOGIN_ADDRESS_LIMIT: '50', VIGIL_TRUST_PROXY: '1' })).toMatchObject({ loginFailuresPerAddress: 50, trustProxy: 1 });
    expect(loadConfig({ VIGIL_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
  });

  it('should take the alert digest interval, and refuse one out of range naming the variable', () => {
    expect(loadConfig({}).alertDigestSec).toBe(60);
    expect(loadConfig({ VIGIL_ALERT_DIGEST_SEC: '300' }).alertDigestSec).toBe(300);
    expect(() => loadConfig({ VIGIL_ALERT_DIGEST_SEC: '0' })).toThrow('VIGIL_ALERT_DIGEST_SEC');
    expect(() => loadConfig({ VIGIL_ALERT_DIGEST_SEC: 'a minute' })).toThrow('VIGIL_ALERT_DIGEST_SEC');
  });

  it('should take the customer links: a day by default, the public address else localhost, and the gateways, naming a wrong variable', () => {
    expect(loadConfig({ PORT: '3100' }).customerLinks).toEqual({ ttlSec: 86_400, baseUrl: 'http://localhost:3100', smsWebhookUrl: null, wecomWebhookUrl: null });
    expect(
      loadConfig({
        VIGIL_PUBLIC_URL: 'https://vigil.example',
        VIGIL_LINK_TTL_SEC: '3600',
        VIGIL_SMS_WEBHOOK_URL: 'https://sms.example/send',
        VIGIL_WECOM_WEBHOOK_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      }).customerLinks,
    ).toEqual({
      ttlSec: 3600,
      baseUrl: 'https://vigil.example',
      smsWebhookUrl: 'https://sms.example/send',
      wecomWebhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
    });
    expect(() => loadConfig({ VIGIL_LINK_TTL_SEC: '10' })).toThrow('VIGIL_LINK_TTL_SEC');
    expect(() => loadConfig({ VIGIL_SMS_WEBHOOK_URL: 'sms.example' })).toThrow('VIGIL_SMS_WEBHOOK_URL');
    expect(loadConfig({}).contractorName).toBe('Vigil 维保服务');
    expect(loadConfig({ VIGIL_CONTRACTOR_NAME: '青岛安视维保有限公司' }).contractorName).toBe('青岛安视维保有限公司');
  });

  it('should not echo a rejected password', () => {
    expect(() => loadConfig({ MQTT_URL: 'http://u:hidden@broker' })).toThrow('http://u:******@broker');
    expect(() => loadConfig({ VIGIL_ADMIN_PASSWORD: 'secret' })).toThrow('got "******"');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:hidden@db' })).toThrow('postgres://u:******@db');
    expect(() => loadConfig({ SMTP_URL: 'smpt://u:hidden@mail' })).toThrow('smpt://u:******@mail');
  });

  it('should refuse a broker login with a stray % naming MQTT_URL', () => {
    expect(() => loadConfig({ MQTT_URL: 'mqtt://x~y:100%@broker' })).toThrow(/MQTT_URL must be a broker address.*mqtt:\/\/x~y:\*\*\*\*\*\*@broker/);
  });
});
