import { createHash } from 'node:crypto';
import { InputError } from '../errors';
import { checkImageDataUrl, imageType } from '../files/images';

/** A customer's signature as given: the signer, and the images as PNG or JPEG data URLs. */
export interface SignInput {
  signerName: string;
  signerTitle?: string | null;
  signature: string;
  stamp?: string | null;
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
export const imageOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

/** The signer and images as given from outside: names present, images PNG or JPEG data URLs of a sane size. */
export function checkSignInput(s: Partial<SignInput>): SignInput {
  if (typeof s.signerName !== 'string' || s.signerName.trim().length === 0 || s.signerName.length > 100) throw new InputError('signerName', 'is required (at most 100 characters)');
  if (s.signerTitle != null && (typeof s.signerTitle !== 'string' || s.signerTitle.length > 100)) throw new InputError('signerTitle', 'must be text of at most 100 characters');
  for (const [field, value, required] of [
    ['signature', s.signature, true],
    ['stamp', s.stamp, false],
  ] as const) {
    if (value == null) {
      if (required) throw new InputError(field, 'is required: a PNG or JPEG data URL');
      continue;
    }
    checkImageDataUrl(field, value);
    if (!imageType(imageOf(value))) throw new InputError(field, 'is not a PNG or JPEG image');
  }
  return { signerName: s.signerName.trim(), signerTitle: s.signerTitle?.trim() ?? '', signature: s.signature!, stamp: s.stamp ?? null };
}
