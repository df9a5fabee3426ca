import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FaultChange } from '@web/live/fault-feed';

const MUTE_KEY = 'vigil.operator.mute';

type Permission = NotificationPermission | 'unsupported';

/** The faults that call for the alarm in a batch of live changes: level-1 faults just opened (an outage once, not its members). */
export function alarmingFaults(changes: readonly FaultChange[]): FaultChange['fault'][] {
  return changes.filter((c) => c.type === 'opened' && c.fault.level === 1 && !c.fault.parentFaultId).map((c) => c.fault);
}

/**
 * The console's alarm on a level-1 fault: a short beep (WebAudio) and a browser notification. Browsers allow
 * both only after a person's gesture, so `arm()` is called from a click (the first one on the console, or the
 * alarm button); muting is kept across visits.
 */
export const useFaultAlarm = defineStore('fault-alarm', () => {
  const muted = ref(localStorage.getItem(MUTE_KEY) === '1');
  const permission = ref<Permission>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const armed = ref(false);
  /** How many times the alarm went off (the page shows it; tests read it). */
  const raised = ref(0);
  let audio: AudioContext | null = null;

  function arm(): void {
    try {
      audio ??= new AudioContext();
      void audio.resume();
      armed.value = true;
    } catch {
      // no WebAudio here: the notification still goes out
    }
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      void Notification.requestPermission().then((p) => (permission.value = p));
    }
  }

  function setMuted(value: boolean): void {
    muted.value = value;
    localStorage.setItem(MUTE_KEY, value ? '1' : '0');
  }

  /** Two short tones, 880 Hz then 660 Hz. */
  function beep(): void {
    if (!audio || audio.state !== 'running') return;
    const start = audio.currentTime;
    [880, 660].forEach((hz, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.2, start + i * 0.22);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.22 + 0.2);
      osc.connect(gain).connect(audio!.destination);
      osc.start(start + i * 0.22);
      osc.stop(start + i * 0.22 + 0.2);
    });
  }

  /** One beep and one notification per batch, however many faults it holds; `open` brings the fault up when clicked. */
  function raise(title: string, body: string, tag: string, open: () => void): void {
    if (muted.value) return;
    raised.value += 1;
    beep();
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const note = new Notification(title, { body, tag, requireInteraction: true });
      note.onclick = () => {
        window.focus();
        open();
        note.close();
      };
    }
  }

  return { muted, permission, armed, raised, arm, setMuted, raise };
});
