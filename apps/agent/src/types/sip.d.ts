// The part of kirm/sip.js (package `sip`, shipped without types) the GB/T 28181 source uses.
declare module 'sip' {
  export interface SipUri {
    schema?: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null | undefined>;
    headers?: Record<string, string>;
  }
  export interface SipAddress {
    name?: string;
    uri: string;
    params: Record<string, string | null | undefined>;
  }
  export interface SipVia {
    version?: string;
    protocol?: string;
    host?: string;
    port?: number;
    params: Record<string, string | null | undefined>;
  }
  export interface SipAuthHeader {
    scheme: string;
    [param: string]: string | undefined;
  }
  export interface SipHeaders {
    via?: SipVia[];
    to?: SipAddress;
    from?: SipAddress;
    'call-id'?: string;
    cseq?: { seq: number; method: string };
    contact?: SipAddress[] | string;
    expires?: number | string;
    authorization?: SipAuthHeader[];
    'www-authenticate'?: SipAuthHeader[];
    'content-type'?: string;
    [name: string]: unknown;
  }
  export interface SipRequest {
    method: string;
    uri: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export interface SipResponse {
    status: number;
    reason: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export type SipMessage = SipRequest | SipResponse;
  export interface SipRemote {
    protocol: string;
    address: string;
    port: number;
    local?: { address: string; port: number };
  }
  export interface SipStackOptions {
    port?: number;
    address?: string;
    publicAddress?: string;
    hostname?: string;
    udp?: boolean;
    tcp?: boolean;
    rport?: boolean;
    logger?: { recv?(m: SipMessage, remote: SipRemote): void; send?(m: SipMessage, target: SipRemote): void; error?(e: unknown): void };
  }
  export interface SipStack {
    send(m: SipRequest | SipResponse, onResponse?: (rs: SipResponse) => void): void;
    destroy(): void;
    hostname(): string;
  }
  export function create(options: SipStackOptions, onRequest: (rq: SipRequest, remote: SipRemote) => void): SipStack;
  export function makeResponse(rq: SipRequest, status: number, reason?: string, extension?: { headers?: Partial<SipHeaders>; content?: string }): SipResponse;
  export function parseUri(uri: string | SipUri): SipUri;
  export function stringifyUri(uri: string | SipUri): string;
  export function parse(s: string | Buffer): SipMessage | undefined;
  export function stringify(m: SipMessage): string;
  export function generateBranch(): string;
}

declare module 'sip/digest' {
  import type { SipRequest, SipResponse } from 'sip';
  export interface DigestClientContext {
    [k: string]: unknown;
  }
  /** Signs a request; with the 401 it answers, reads the challenge first. */
  export function signRequest(
    ctx: DigestClientContext | null | undefined,
    rq: SipRequest,
    rs?: SipResponse,
    creds?: { user: string; password: string; realm?: string },
  ): DigestClientContext | null;
  export function calculateDigest(ctx: Record<string, string | undefined>): string;
  export function calculateUserRealmPasswordHash(user: string, realm: string, password: string): string;
}
