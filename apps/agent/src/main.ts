import { AgentEnvError, readAgentEnv } from './agent-env';
import { startAgent } from './agent';
import { AgentConfigError } from './config/config-file';

/** The edge agent ([15]): `npm run build && npm run agent`. A bad environment or config file exits 2 with what is wrong. */
async function main(): Promise<void> {
  let env;
  try {
    env = readAgentEnv(process.env);
  } catch (e) {
    if (!(e instanceof AgentEnvError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  const agent = await startAgent(env).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(e instanceof AgentConfigError ? 2 : 1);
  });
  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping`);
    void agent.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
