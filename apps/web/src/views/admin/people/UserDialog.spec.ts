import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import type { AdminUser } from './types';

/** What the dialog sent, and what the server answers next (a stand-in for the platform's HTTP edge). */
const sent: { method: string; url: string; body: unknown }[] = [];
const answers: { status: number; body: unknown }[] = [];

describe('UserDialog', () => {
  let mountDialog: (user: AdminUser | null) => Promise<ReturnType<typeof mount>>;

  beforeAll(async () => {
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://vigil.test/');
    // the typed client takes fetch when it is made: stand it in before the modules load
    vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(input, init);
      sent.push({ method: req.method, url: new URL(req.url).pathname, body: req.method === 'GET' ? null : await req.clone().json() });
      const next = answers.shift() ?? { status: 200, body: { items: [], total: 0 } };
      return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'content-type': 'application/json' } });
    });
    const [{ i18n, setLocale }, { default: UserDialog }] = await Promise.all([import('@web/i18n'), import('./UserDialog.vue')]);
    setLocale('zh-CN');
    mountDialog = async (user) => {
      const pinia = createPinia();
      setActivePinia(pinia);
      const wrapper = mount(UserDialog, {
        props: { open: true, user, 'onUpdate:open': () => undefined },
        global: { plugins: [ElementPlus, i18n, pinia] },
        attachTo: document.body,
      });
      await flushPromises();
      return wrapper;
    };
  });

  afterAll(() => vi.unstubAllGlobals());

  /** The newest dialog's field (a closed dialog may linger in the body). */
  const input = (testid: string) => [...document.body.querySelectorAll<HTMLInputElement>(`[data-testid=${testid}] input, input[data-testid=${testid}]`)].at(-1)!;
  async function type(testid: string, value: string): Promise<void> {
    const el = input(testid);
    el.value = value;
    el.dispatchEvent(new Event('input'));
    await flushPromises();
  }
  async function save(): Promise<void> {
    [...document.body.querySelectorAll<HTMLButtonElement>('[data-testid=user-save]')].at(-1)!.click();
    await flushPromises();
    await flushPromises();
  }

  it("should tell the server's password rule at the password field in the reader's language, then create the user seeing everything", async () => {
    const wrapper = await mountDialog(null);
    await type('user-username', 'wang.gong');
    await type('user-password', 'short-one');
    await type('user-email', 'wang@example.test');

    answers.push({ status: 400, body: { statusCode: 400, message: 'password: must be at least 10 characters', field: 'password' } });
    await save();
    expect(sent.at(-1)).toEqual({
      method: 'POST',
      url: '/api/users',
      body: { username: 'wang.gong', password: 'short-one', role: 'engineer', email: 'wang@example.test', scope: null },
    });
    // the field's message comes in with its transition
    await vi.waitFor(() => expect(document.body.querySelector('.el-form-item__error')?.textContent).toContain('密码至少需要 10 个字符'));
    expect(wrapper.emitted('saved')).toBeUndefined();

    await type('user-password', 'a-better-password-1');
    answers.push({ status: 201, body: { id: 'u1', username: 'wang.gong', role: 'engineer', displayName: null, email: 'wang@example.test', active: true, scope: null } });
    await save();
    expect(wrapper.emitted('saved')?.[0]).toEqual([expect.objectContaining({ id: 'u1' })]);
    expect(wrapper.emitted('update:open')?.at(-1)).toEqual([false]);
    wrapper.unmount();
  });

  it('should refuse a user name the server would refuse before sending anything, and send only what changed when editing', async () => {
    const before = sent.length;
    const creating = await mountDialog(null);
    await type('user-username', 'no spaces allowed');
    await type('user-password', 'a-better-password-1');
    await save();
    expect(sent.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    await vi.waitFor(() => expect(document.body.querySelector('.el-form-item__error')?.textContent).toContain('用户名为 3–64 个字母、数字或 . _ - @'));
    creating.unmount();

    const user: AdminUser = { id: 'u2', username: 'li', displayName: '李工', email: null, role: 'engineer', active: true, scope: null, createdAt: '', updatedAt: '' };
    const editing = await mountDialog(user);
    await type('user-display-name', '李工程师');
    answers.push({ status: 200, body: { ...user, displayName: '李工程师' } });
    await save();
    expect(sent.at(-1)).toEqual({ method: 'PATCH', url: '/api/users/u2', body: { displayName: '李工程师' } });
    editing.unmount();
  });
});
