// The part of net-snmp 3.x the agent and its tests use (the package ships no types).
declare module 'net-snmp' {
  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }
  export type Callback<T> = (error: Error | null, result: T) => void;
  export type TableRows = Record<string, Record<string, unknown>>;

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    version?: number;
    transport?: 'udp4' | 'udp6';
  }
  export interface User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }
  export interface Session {
    get(oids: string[], callback: Callback<Varbind[]>): void;
    tableColumns(oid: string, columns: number[], maxRepetitions: number, callback: Callback<TableRows>): void;
    close(): void;
    on(event: 'error', listener: (e: Error) => void): this;
  }
  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session;
  export function isVarbindError(vb: Varbind): boolean;

  export const Version2c: number;
  export const Version3: number;
  export const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  export const AuthProtocols: { md5: number; sha: number };
  export const PrivProtocols: { des: number; aes: number };

  // agent side (tests run a real SNMP agent)
  export const ObjectType: Record<'Integer' | 'OctetString' | 'Gauge' | 'Counter' | 'TimeTicks' | 'OID', number>;
  export const MibProviderType: { Scalar: number; Table: number };
  export const MaxAccess: Record<'not-accessible' | 'read-only' | 'read-write', number>;
  export interface MibColumn {
    number: number;
    name: string;
    type: number;
    maxAccess: number;
  }
  export interface MibProvider {
    name: string;
    type: number;
    oid: string;
    maxAccess: number;
    scalarType?: number;
    tableColumns?: MibColumn[];
    tableIndex?: { columnName: string }[];
  }
  export interface Mib {
    registerProvider(p: MibProvider): void;
    setScalarValue(name: string, value: unknown): void;
    addTableRow(name: string, row: unknown[]): void;
    setTableSingleCell(name: string, column: number, rowIndex: number[], value: unknown): void;
  }
  export interface Authorizer {
    addCommunity(c: string): void;
    addUser(u: User): void;
  }
  export interface Agent {
    getMib(): Mib;
    getAuthorizer(): Authorizer;
    close(callback?: () => void): void;
  }
  export function createAgent(options: { port: number; address?: string; disableAuthorization?: boolean }, callback: (error: Error | null) => void): Agent;
}
