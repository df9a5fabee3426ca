import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** Whether the browser believes it has a network; the field app queues its writes while it has none. */
export function useNetwork(): { online: Ref<boolean> } {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const update = (): void => {
    online.value = navigator.onLine;
  };
  onMounted(() => {
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return { online };
}
