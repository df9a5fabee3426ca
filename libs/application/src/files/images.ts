import { InputError } from '../errors';

/** A photo sent as a request body (patrol lines, service records). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** A signature or stamp drawn in the browser, as a data URL: about 500 KB of image. */
const IMAGE_MAX_CHARS = 700_000;
const DATA_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/;

/** JPEG or PNG by their first bytes, whatever the client said; null for anything else. */
export function imageType(data: Buffer): string | null {
  if (data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** The request body as it came: a JPEG or PNG photo of at most 5 MiB, with its content type, or a 400 naming `file`. */
export function checkPhoto(data: unknown): { data: Buffer; contentType: string } {
  if (!Buffer.isBuffer(data)) throw new InputError('file', 'send the image as the body with Content-Type image/jpeg or image/png (at most 5 MiB)');
  if (data.length === 0) throw new InputError('file', 'is empty');
  if (data.length > PHOTO_MAX_BYTES) throw new InputError('file', `is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MiB`);
  const contentType = imageType(data);
  if (!contentType) throw new InputError('file', 'must be a JPEG or PNG image');
  return { data, contentType };
}

/** A signature or stamp given as text: a PNG or JPEG data URL of a sane size, or a 400 naming the field. */
export function checkImageDataUrl(field: string, value: unknown): void {
  if (typeof value !== 'string' || !DATA_URL.test(value)) throw new InputError(field, 'must be a PNG or JPEG data URL');
  if (value.length > IMAGE_MAX_CHARS) throw new InputError(field, 'is too large (at most about 500 KB)');
}
