import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';
const SETUP = join(__dirname, '../../deploy/mosquitto/vigil-dynsec-setup.sh');

export interface TestMosquitto {
  /** mqtt://127.0.0.1:<port>, no login in it */
  url: string;
  /** MQTT_URL for the platform: its dynsec user, as deploy/ sets it up */
  platformUrl: string;
  stop(): Promise<void>;
}

export function mosquittoAvailable(): boolean {
  return !spawnSync('mosquitto', ['-h']).error;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real Mosquitto 2 of the test's own, set up as deploy/README.md says: dynamic-security plugin, no anonymous
 * clients, `mosquitto_ctrl dynsec init`, then deploy/mosquitto/vigil-dynsec-setup.sh for the platform's user.
 */
export async function startMosquitto(): Promise<TestMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mosquitto-'));
  const port = await freePort();
  const adminPassword = randomBytes(12).toString('hex');
  const platformPassword = randomBytes(12).toString('hex');
  execFileSync('mosquitto_ctrl', ['dynsec', 'init', join(dir, 'dynsec.json'), 'admin', adminPassword], { stdio: 'ignore' });
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    [
      // run as whoever runs the test, so the broker can read its files in the temp dir
      `user ${userInfo().username}`,
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `plugin ${PLUGIN}`,
      `plugin_opt_config_file ${join(dir, 'dynsec.json')}`,
      'persistence false',
      'log_dest stderr',
      '',
    ].join('\n'),
  );
  const broker: ChildProcess = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mosquitto did not start: ${log.join('')}`)), 10_000);
    broker.stderr!.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.join('').includes(' running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    broker.once('exit', (code) => reject(new Error(`mosquitto exited with ${code}: ${log.join('')}`)));
  });
  execFileSync('sh', [SETUP, '127.0.0.1', String(port), 'admin'], { env: { ...process.env, ADMIN_PASSWORD: adminPassword, VIGIL_MQTT_PASSWORD: platformPassword }, stdio: 'pipe' });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    platformUrl: `mqtt://vigil~platform:${platformPassword}@127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => broker.once('exit', resolve));
      broker.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
