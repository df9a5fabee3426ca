import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { indexAfterChange, nextIndex, type Slide } from './wall-rotation';

/**
 * Turns the wall's slides every `seconds` (0: holds the one shown). Pausing stops the turn until resumed;
 * going to a slide by hand starts its full time again. When the list of slides changes (the sites grid
 * gains or loses a page), the wall stays on the slide it shows.
 */
export function useRotation(slides: Ref<Slide[]>, seconds: number) {
  const index = ref(0);
  const paused = ref(false);
  /** Bumped whenever a slide starts its time: a progress bar restarts from it. */
  const turn = ref(0);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const rotating = computed(() => seconds > 0 && !paused.value && slides.value.length > 1);
  const current = computed<Slide | undefined>(() => slides.value[index.value] ?? slides.value[0]);

  function clear(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule(): void {
    clear();
    turn.value += 1;
    if (!rotating.value) return;
    timer = setTimeout(() => {
      index.value = nextIndex(index.value, slides.value.length);
      schedule();
    }, seconds * 1000);
  }

  function go(i: number): void {
    const n = slides.value.length;
    index.value = n === 0 ? 0 : ((i % n) + n) % n;
    schedule();
  }

  function togglePause(): void {
    paused.value = !paused.value;
    schedule();
  }

  watch(slides, (now, before) => {
    const wasShowing = before[index.value];
    index.value = indexAfterChange(wasShowing, now);
    // a list that grew from one slide to several starts turning
    if (timer === null && rotating.value) schedule();
  });

  schedule();
  onScopeDispose(clear);

  return {
    index,
    current,
    paused,
    turn,
    rotating,
    go,
    next: () => go(index.value + 1),
    previous: () => go(index.value - 1),
    togglePause,
  };
}
