import { z } from 'zod';
import { DEVICE_TYPES } from '../assets/device-type';
import { fieldPath, type FieldError } from '../shared/field-errors';
import { AGENT_PROTOCOLS, type AgentConfig } from './agent-config';

const DEVICE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * strict: a hand-written file, where an unknown key is a typo worth telling; lenient: the platform's answer, where a field
 * added by a newer platform is left aside and a secret it sends as null counts as not set.
 */
function schemaOf(strict: boolean) {
  const object = <T extends z.ZodRawShape>(shape: T) => (strict ? z.strictObject(shape) : z.object(shape));
  const credentialFields = object({
    username: z.string().min(1).optional(),
    password: z.string().optional(),
    community: z.string().min(1).optional(),
    snmpVersion: z.enum(['2c', '3']).optional(),
    authProtocol: z.enum(['md5', 'sha']).optional(),
    privProtocol: z.enum(['des', 'aes']).optional(),
    privPassword: z.string().optional(),
  });
  const credentials = strict ? credentialFields : z.preprocess(withoutNulls, credentialFields);
  const device = object({
    deviceId: z.string().regex(DEVICE_ID, { error: 'must be 1-64 of A-Z a-z 0-9 . _ -' }),
    type: z.enum(DEVICE_TYPES),
    protocol: z.enum(AGENT_PROTOCOLS),
    address: z.string().min(1, { error: 'is required' }),
    credentials: credentials.default({}),
    pollIntervalSec: z.number().int().min(1).max(86_400),
    options: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }).superRefine((d, ctx) => {
    if (d.protocol !== 'snmp') return;
    const v = d.credentials.snmpVersion ?? '2c';
    if (v === '3' && !d.credentials.username) ctx.addIssue({ code: 'custom', path: ['credentials', 'username'], message: 'is required for SNMP v3' });
    if (v === '3' && d.credentials.privProtocol && !d.credentials.privPassword)
      ctx.addIssue({ code: 'custom', path: ['credentials', 'privPassword'], message: 'is required with privProtocol' });
  });
  return object({
    gatewayId: z.string().regex(DEVICE_ID, { error: 'must be 1-64 of A-Z a-z 0-9 . _ -' }),
    devices: z.array(device),
  }).superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.devices.forEach((d, i) => {
      if (seen.has(d.deviceId)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'deviceId'], message: `repeats ${d.deviceId}` });
      seen.add(d.deviceId);
    });
  });
}

/** The platform sends a cleared secret as null: not set. */
function withoutNulls(v: unknown): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) : v;
}

const STRICT = schemaOf(true);
const LENIENT = schemaOf(false);

export type AgentConfigParse = { ok: true; config: AgentConfig } | { ok: false; errors: FieldError[] };

/** An AgentConfig from untrusted JSON (a site's file: strict; the platform's answer: lenient), every problem named by its path. */
export function parseAgentConfig(input: unknown, mode: 'strict' | 'lenient' = 'strict'): AgentConfigParse {
  const r = (mode === 'strict' ? STRICT : LENIENT).safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  const errors: FieldError[] = r.error.issues.map((i) => ({ field: i.path.length === 0 ? '(whole)' : fieldPath(i.path), message: i.message }));
  return { ok: false, errors };
}
