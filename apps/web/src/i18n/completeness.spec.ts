import { describe, expect, it } from 'vitest';
import { AREAS } from './index';
import type { TextTree } from './types';

function keys(tree: TextTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

function placeholders(tree: TextTree): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (t: TextTree, prefix: string): void => {
    for (const [k, v] of Object.entries(t)) {
      if (typeof v === 'string')
        found.set(
          `${prefix}${k}`,
          [...v.matchAll(/\{(\w+)\}/g)]
            .map((m) => m[1])
            .sort()
            .join(','),
        );
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(tree, '');
  return found;
}

describe('every text in zh-CN and en', () => {
  it.each(Object.keys(AREAS))('should give area %s the same keys in both languages', (area) => {
    const { zh, en } = AREAS[area];
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it.each(Object.keys(AREAS))('should use the same placeholders in both languages in area %s', (area) => {
    const { zh, en } = AREAS[area];
    expect(Object.fromEntries(placeholders(zh))).toEqual(Object.fromEntries(placeholders(en)));
  });

  it.each(Object.keys(AREAS))('should leave no text of area %s empty', (area) => {
    const { zh, en } = AREAS[area];
    const empty = [...placeholders(zh).keys()]
      .filter((k) => !k.split('.').reduce<TextTree | string>((t, p) => (t as TextTree)[p], zh))
      .concat([...placeholders(en).keys()].filter((k) => !k.split('.').reduce<TextTree | string>((t, p) => (t as TextTree)[p], en)));
    expect(empty).toEqual([]);
  });
});

describe('the areas side by side', () => {
  it('should never let two areas claim the same top-level key (one would silently hide the other)', () => {
    const owners = new Map<string, string[]>();
    for (const [area, texts] of Object.entries(AREAS)) for (const key of Object.keys(texts.zh)) owners.set(key, [...(owners.get(key) ?? []), area]);
    expect([...owners].filter(([, areas]) => areas.length > 1)).toEqual([]);
  });
});
