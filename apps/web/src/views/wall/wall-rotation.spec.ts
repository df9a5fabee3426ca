import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useRotation } from './use-rotation';
import { DEFAULT_ROTATE_SEC, indexAfterChange, nextIndex, parseRotate, parseViews, sitePageCount, slidesFor, type Slide } from './wall-rotation';

describe('the rotation settings from the address', () => {
  it('should read ?rotate as seconds per slide, 0 holding the slide, within 5 s and an hour', () => {
    expect(parseRotate('20')).toBe(20);
    expect(parseRotate(['30', '40'])).toBe(30);
    expect(parseRotate('0')).toBe(0);
    expect(parseRotate('2')).toBe(5);
    expect(parseRotate('99999')).toBe(3600);
    expect(parseRotate('7.6')).toBe(8);
    for (const bad of [undefined, null, '', 'soon', '-3', 'Infinity']) expect(parseRotate(bad)).toBe(DEFAULT_ROTATE_SEC);
  });

  it('should read ?views as the slides to rotate, in the order given, ignoring unknown names', () => {
    expect(parseViews('faults,summary')).toEqual(['faults', 'summary']);
    expect(parseViews('sites, sites,map')).toEqual(['sites']);
    expect(parseViews('map')).toEqual(['summary', 'sites', 'faults']);
    expect(parseViews(undefined)).toEqual(['summary', 'sites', 'faults']);
  });
});

describe('the slides of one round', () => {
  it('should page the sites grid through the sites needing attention, one page at least, five at most', () => {
    expect(sitePageCount(300, 0)).toBe(1);
    expect(sitePageCount(300, 20)).toBe(1);
    expect(sitePageCount(300, 21)).toBe(2);
    expect(sitePageCount(300, 299)).toBe(5);
    expect(sitePageCount(30, 300)).toBe(2);
  });

  it('should expand the sites slide into its pages', () => {
    expect(slidesFor(['summary', 'sites', 'faults'], 2)).toEqual([
      { kind: 'summary', page: 0 },
      { kind: 'sites', page: 0 },
      { kind: 'sites', page: 1 },
      { kind: 'faults', page: 0 },
    ]);
    expect(slidesFor(['faults'], 3)).toEqual([{ kind: 'faults', page: 0 }]);
  });

  it('should stay on the slide shown when the list changes, else on its kind, else at the start', () => {
    const three = slidesFor(['summary', 'sites', 'faults'], 3);
    const one = slidesFor(['summary', 'sites', 'faults'], 1);
    expect(indexAfterChange({ kind: 'faults', page: 0 }, one)).toBe(2);
    expect(indexAfterChange({ kind: 'sites', page: 2 }, one)).toBe(1);
    expect(indexAfterChange({ kind: 'sites', page: 0 }, three)).toBe(1);
    expect(indexAfterChange({ kind: 'sites', page: 0 }, slidesFor(['faults'], 1))).toBe(0);
    expect(indexAfterChange(undefined, three)).toBe(0);
    expect([nextIndex(0, 3), nextIndex(2, 3), nextIndex(0, 0)]).toEqual([1, 0, 0]);
  });
});

describe('turning the slides', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function start(seconds: number, pages = 1) {
    const slides = ref<Slide[]>(slidesFor(['summary', 'sites', 'faults'], pages));
    const scope = effectScope();
    const rotation = scope.run(() => useRotation(slides, seconds))!;
    return { slides, rotation, scope, kinds: () => `${rotation.current.value?.kind}:${rotation.current.value?.page}` };
  }

  it('should show each slide for its time, round and round', () => {
    const { rotation, kinds, scope } = start(20, 2);
    expect(kinds()).toBe('summary:0');
    vi.advanceTimersByTime(19_999);
    expect(kinds()).toBe('summary:0');
    vi.advanceTimersByTime(1);
    expect(kinds()).toBe('sites:0');
    vi.advanceTimersByTime(20_000);
    expect(kinds()).toBe('sites:1');
    vi.advanceTimersByTime(40_000);
    expect(kinds()).toBe('summary:0');
    expect(rotation.rotating.value).toBe(true);
    scope.stop();
  });

  it('should hold still while paused and go on from there when resumed', () => {
    const { rotation, kinds, scope } = start(10);
    vi.advanceTimersByTime(10_000);
    rotation.togglePause();
    vi.advanceTimersByTime(60_000);
    expect(kinds()).toBe('sites:0');
    expect(rotation.paused.value).toBe(true);
    rotation.togglePause();
    vi.advanceTimersByTime(9_999);
    expect(kinds()).toBe('sites:0');
    vi.advanceTimersByTime(1);
    expect(kinds()).toBe('faults:0');
    scope.stop();
  });

  it('should give a slide chosen by hand its full time', () => {
    const { rotation, kinds, scope } = start(10);
    vi.advanceTimersByTime(8_000);
    rotation.go(2);
    expect(kinds()).toBe('faults:0');
    vi.advanceTimersByTime(9_000);
    expect(kinds()).toBe('faults:0');
    vi.advanceTimersByTime(1_000);
    expect(kinds()).toBe('summary:0');
    rotation.previous();
    expect(kinds()).toBe('faults:0');
    scope.stop();
  });

  it('should never turn with ?rotate=0', () => {
    const { rotation, kinds, scope } = start(0);
    vi.advanceTimersByTime(3_600_000);
    expect(kinds()).toBe('summary:0');
    expect(rotation.rotating.value).toBe(false);
    scope.stop();
  });

  it('should keep the slide shown when the sites grid loses a page, and stop turning once stopped', async () => {
    const { slides, rotation, kinds, scope } = start(10, 3);
    rotation.go(4);
    expect(kinds()).toBe('faults:0');
    slides.value = slidesFor(['summary', 'sites', 'faults'], 1);
    await nextTick();
    expect(kinds()).toBe('faults:0');
    expect(rotation.index.value).toBe(2);
    scope.stop();
    vi.advanceTimersByTime(60_000);
    expect(kinds()).toBe('faults:0');
  });
});
