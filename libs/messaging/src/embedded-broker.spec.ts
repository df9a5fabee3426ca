import { connectAsync } from 'mqtt';
import { BrokerPortInUseError, EmbeddedBroker } from './embedded-broker';

describe(EmbeddedBroker.name, () => {
  it('should carry MQTT messages between clients on a free port', async () => {
    const broker = new EmbeddedBroker('127.0.0.1');
    await broker.start(0);
    const sub = await connectAsync(broker.url);
    const pub = await connectAsync(broker.url);
    try {
      await sub.subscribeAsync('t/1', { qos: 1 });
      const received = new Promise<string>((resolve) => sub.on('message', (_topic, payload) => resolve(payload.toString())));
      await pub.publishAsync('t/1', 'hello', { qos: 1 });
      expect(await received).toBe('hello');
    } finally {
      await sub.endAsync();
      await pub.endAsync();
      await broker.stop();
    }
  });

  it('should say how to use the running broker when its port is taken', async () => {
    const first = new EmbeddedBroker('127.0.0.1');
    await first.start(0);
    const second = new EmbeddedBroker('127.0.0.1');
    try {
      const failure = second.start(first.port);
      await expect(failure).rejects.toBeInstanceOf(BrokerPortInUseError);
      await expect(second.start(first.port)).rejects.toThrow(`MQTT_URL=mqtt://127.0.0.1:${first.port}`);
    } finally {
      await second.stop();
      await first.stop();
    }
  });
});
