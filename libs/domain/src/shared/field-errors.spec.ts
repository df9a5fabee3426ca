import { z } from 'zod';
import { fieldErrors, fieldPath, keyedBy, whole } from './field-errors';

describe(fieldPath.name, () => {
  it('should write keys with dots and list positions in brackets, under the root', () => {
    expect(fieldPath(['items', 0, 'type'])).toBe('items[0].type');
    expect(fieldPath(['levels', 'offline', 'server'], 'faultRules')).toBe('faultRules.levels.offline.server');
    expect(fieldPath([3, 'name'], 'majorEvents')).toBe('majorEvents[3].name');
    expect(fieldPath([])).toBe('');
  });
});

describe(fieldErrors.name, () => {
  const schema = z.object(
    {
      items: z.array(z.object({ type: z.enum(['a', 'b'], { error: 'must be one of a, b' }), n: z.int().min(1, { error: 'too small' }).max(9, { error: 'too small' }) })),
      parts: keyedBy(['x'], z.literal(1, { error: 'must be 1' }), 'must be an object', 'is not a part').optional(),
      pair: whole(z.object({ a: z.number(), b: z.number() }), 'must be {a, b}').optional(),
    },
    { error: 'must be an object' },
  );
  const errors = (v: unknown) => {
    const r = schema.safeParse(v);
    return r.success ? [] : fieldErrors(r.error, 'body');
  };

  it('should name each wrong field once, with the message of its schema', () => {
    expect(
      errors({
        items: [
          { type: 'a', n: 1 },
          { type: 'c', n: 0 },
        ],
        parts: { x: 2, y: 1 },
        pair: { a: 1 },
      }),
    ).toEqual([
      { field: 'body.items[1].type', message: 'must be one of a, b' },
      { field: 'body.items[1].n', message: 'too small' },
      { field: 'body.parts.x', message: 'must be 1' },
      { field: 'body.parts.y', message: 'is not a part' },
      { field: 'body.pair', message: 'must be {a, b}' },
    ]);
  });

  it('should name the whole input by its root', () => {
    expect(errors([])).toEqual([{ field: 'body', message: 'must be an object' }]);
    expect(errors({ items: [] })).toEqual([]);
  });
});
