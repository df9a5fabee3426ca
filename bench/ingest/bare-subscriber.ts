import { connectAsync } from 'mqtt';

/** The broker's own ceiling: a subscriber that only counts, in its own process; reports over IPC. */
async function main(): Promise<void> {
  const [url, topic] = process.argv.slice(2);
  const client = await connectAsync(url, { clientId: `vigil-bench-bare-${process.pid}`, clean: true, reconnectPeriod: 0 });
  let count = 0;
  client.on('message', () => {
    count += 1;
  });
  await client.subscribeAsync(topic, { qos: 1 });
  process.send?.({ ready: true });
  process.on('message', (msg: { ask?: boolean; quit?: boolean }) => {
    if (msg.ask) process.send?.({ count });
    if (msg.quit) void client.endAsync().then(() => process.exit(0));
  });
}

void main().catch((e: Error) => {
  process.stderr.write(`bare subscriber: ${e.message}\n`);
  process.exit(1);
});
