import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

const MAX_WALK_DEPTH = 64;

/** Where in a value a NUL character hides (a dotted path; '' for the value itself), or null. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || depth > MAX_WALK_DEPTH) return null;
  for (const [key, inner] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\0')) return here;
    const found = findNul(inner, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * No input of Vigil means anything with a NUL character in it, and PostgreSQL cannot store one: a path
 * id, query value or body field holding one is refused with 400 naming it, before any service sees it.
 */
@Injectable()
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = findNul(value, metadata.data ?? '');
    if (found === null) return value;
    const field = found || (metadata.type === 'body' ? 'body' : metadata.type);
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: must not contain a NUL character`, field });
  }
}
