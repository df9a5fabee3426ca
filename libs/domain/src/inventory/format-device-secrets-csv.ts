import { stringify } from 'csv-stringify/sync';

export interface DeviceLogin {
  deviceId: string;
  username: string;
  password: string;
}

/** Issued device logins as CSV for the installers (UTF-8 BOM for Excel); ids and generated secrets need no formula guard. */
export function formatDeviceSecretsCsv(logins: readonly DeviceLogin[]): string {
  const rows = logins.map((l) => [l.deviceId, l.username, l.password]);
  return '\uFEFF' + stringify([['deviceId', 'username', 'password'], ...rows], { record_delimiter: 'windows' });
}
