import { readFileSync } from 'node:fs';

export interface DeviceLogin {
  deviceId: string;
  username: string;
  password: string;
}

/** The CSV of device logins the platform answers (UTF-8 BOM, deviceId,username,password); ids and secrets hold no commas or quotes. */
export function parseDeviceLogins(text: string): DeviceLogin[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'deviceId,username,password') throw new Error('a logins file starts with the header deviceId,username,password');
  return lines.slice(1).map((line, i) => {
    const [deviceId, username, password, extra] = line.split(',');
    if (!deviceId || !username || !password || extra !== undefined) throw new Error(`line ${i + 2} of the logins file is not deviceId,username,password`);
    return { deviceId, username, password };
  });
}

export function readDeviceLogins(path: string): DeviceLogin[] {
  return parseDeviceLogins(readFileSync(path, 'utf8'));
}
