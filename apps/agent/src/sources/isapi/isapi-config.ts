/** Reads AGENT_ISAPI_TIMEOUT_MS (per HTTP request, default 5000); throws naming the variable. */
export function readIsapiConfig(env: NodeJS.ProcessEnv): { timeoutMs: number } {
  if (env.AGENT_ISAPI_TIMEOUT_MS === undefined) return { timeoutMs: 5000 };
  const timeoutMs = Number(env.AGENT_ISAPI_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new Error('AGENT_ISAPI_TIMEOUT_MS must be a whole number of milliseconds (at least 100)');
  return { timeoutMs };
}
