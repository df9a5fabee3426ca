import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Role } from '@vigil/domain/identity/role';
import { roleMay, type Permission } from '@vigil/domain/identity/permissions';
import { api, bindSession } from '@web/api/http';

export interface Me {
  userId: string | null;
  username: string;
  role: Role;
}

const TOKEN_KEY = 'vigil.token';

/**
 * Who is signed in. The token is kept in localStorage so a phone opening the installed app offline is
 * still signed in; a 401 from any request clears it and the router sends the person to sign in, coming
 * back to the page they asked for.
 */
export const useSession = defineStore('session', () => {
  const token = ref<string | null>(localStorage.getItem(TOKEN_KEY));
  const me = ref<Me | null>(null);
  const expired = ref(false);

  function setToken(value: string | null): void {
    token.value = value;
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  }

  async function signIn(username: string, password: string): Promise<void> {
    const { data } = await api.POST('/api/auth/login', { body: { username, password } });
    setToken((data as unknown as { accessToken: string }).accessToken);
    expired.value = false;
    await loadMe();
  }

  async function loadMe(): Promise<Me | null> {
    if (!token.value) return null;
    if (me.value) return me.value;
    const { data } = await api.GET('/api/auth/me');
    me.value = data as unknown as Me;
    return me.value;
  }

  function signOut(): void {
    setToken(null);
    me.value = null;
  }

  /** A hint for showing a button: the server decides, and says 403 if the page guessed wrong. */
  function may(permission: Permission): boolean {
    return me.value ? roleMay(me.value.role, permission) : false;
  }

  const role = computed(() => me.value?.role ?? null);
  return { token, me, role, expired, signIn, loadMe, signOut, may, setToken };
});

/** Wires the API client to the store: the token on every request; a 401 ends the session. */
export function bindApiToSession(session: ReturnType<typeof useSession>, onExpired: () => void): void {
  bindSession(
    () => session.token,
    () => {
      if (!session.token) return;
      session.signOut();
      session.expired = true;
      onExpired();
    },
  );
}
