import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AgentCredentials } from '@vigil/domain';
import { KeyStore } from '../ports';

const VERSION = 'v1';

/**
 * Devices' management credentials at rest: AES-256-GCM under a key derived from the install's `management` key (the
 * environment's VIGIL_MANAGEMENT_KEY, else keys/management.key on SQLite or the database on PostgreSQL). A copy of the
 * database alone does not give them away; lose the key and they must be typed again.
 */
@Injectable()
export class ManagementCipher {
  private key: Promise<Buffer> | null = null;

  constructor(private readonly keys: KeyStore) {}

  async seal(credentials: AgentCredentials): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.aesKey(), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  async open(sealed: string): Promise<AgentCredentials> {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('sealed credentials of an unknown form');
    const decipher = createDecipheriv('aes-256-gcm', await this.aesKey(), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as AgentCredentials;
  }

  private aesKey(): Promise<Buffer> {
    this.key ??= this.keys.key('management').then((k) => Buffer.from(hkdfSync('sha256', k, 'vigil', 'device-management-credentials', 32)));
    return this.key;
  }
}
