import type { IncomingMessage, ServerResponse } from 'node:http';

/** No Vigil body nests deeper than a handful of levels; far deeper ones only cost the parser and every walker after it. */
export const MAX_JSON_DEPTH = 32;

const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]

const refusal = (message: string, status: number) => Object.assign(new SyntaxError(message), { status });

/**
 * A JSON body parser's `verify`: refuses a body nested deeper than `max` before it is parsed, with 400
 * (a SyntaxError with status 400 is answered as a Bad Request). Brackets inside strings do not count.
 */
export function refuseDeepJson(max = MAX_JSON_DEPTH) {
  return (_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void => {
    let text: string;
    try {
      text = new TextDecoder(encoding || 'utf-8').decode(body);
    } catch {
      throw refusal(`unsupported charset "${encoding}"`, 415);
    }
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) {
        inString = true;
      } else if (OPEN.has(c)) {
        depth += 1;
        if (depth > max) throw refusal(`body: JSON nested deeper than ${max} levels`, 400);
      } else if (CLOSE.has(c)) {
        depth -= 1;
      }
    }
  };
}
