import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// the API client keeps the fetch it found when it was made: an answering one is put in place before any import
const network = vi.hoisted(() => {
  const state = { answer: (_req: Request): Promise<Response> => Promise.reject(new TypeError('no network in this test')) };
  globalThis.fetch = ((input: Request) => state.answer(input)) as typeof fetch;
  return state;
});
import { i18n, setLocale } from '@web/i18n';
import CloseDialog from './CloseDialog.vue';
import SignaturePad from './SignaturePad.vue';
import type { FaultRow } from './types';

const fault: FaultRow = {
  id: 'F1',
  deviceId: 'NVR-7',
  siteId: 'S1',
  kind: 'disk-failed',
  level: 2,
  state: 'restored',
  openedAt: '2026-12-01T00:00:00Z',
  affectedCount: 0,
  parentFaultId: null,
  assigneeId: 'eng-1',
};
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgo=';

/** What the form sent: every request the API client made, with its body. */
let sent: { method: string; url: string; body: unknown }[] = [];

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The dialog is drawn over the page (teleported to the body), where a person sees it. */
function $(selector: string): DOMWrapper<Element> {
  const el = document.body.querySelector(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return new DOMWrapper(el);
}

async function mountDialog() {
  const wrapper = mount(CloseDialog, { props: { fault }, global: { plugins: [ElementPlus, i18n, createPinia()] }, attachTo: document.body });
  await settle();
  return wrapper;
}

describe('the close form', () => {
  beforeEach(() => {
    setLocale('en');
    sent = [];
    network.answer = async (input: Request) => {
      sent.push({ method: input.method, url: new URL(input.url).pathname, body: await input.json().catch(() => null) });
      return new Response(JSON.stringify({ ...fault, state: 'closed' }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('should ask for the resolution and send nothing without it', async () => {
    const wrapper = await mountDialog();
    await $('[data-testid=dialog-submit]').trigger('click');
    await settle();
    expect(document.body.textContent).toContain('Write the resolution');
    expect(sent).toEqual([]);
    expect(wrapper.emitted('done')).toBeUndefined();
    wrapper.unmount();
  });

  it("should want the customer's signature once a signer is named, and their name and title once signed", async () => {
    const wrapper = await mountDialog();
    await $('textarea[data-testid=close-resolution]').setValue('disk replaced');
    await $('input[data-testid=close-signer-name]').setValue('Wang');
    await $('[data-testid=dialog-submit]').trigger('click');
    await settle();
    expect(document.body.textContent).toContain('The customer has not signed yet');
    expect(document.body.textContent).toContain('A signature needs the signer’s title');
    expect(sent).toEqual([]);
    wrapper.unmount();
  });

  it('should close the fault once, with the resolution, the repair and the signature as the route takes them', async () => {
    const wrapper = await mountDialog();
    await $('textarea[data-testid=close-resolution]').setValue('  disk 2 failed, replaced  ');
    await $('[data-testid=close-repaired] input').setValue(true);
    await $('input[data-testid=close-signer-name]').setValue('王主任');
    await $('input[data-testid=close-signer-title]').setValue('监控中心主任');
    wrapper.findComponent(SignaturePad).vm.$emit('update:modelValue', SIGNATURE);
    await settle();
    await $('[data-testid=dialog-submit]').trigger('click');
    await settle();
    expect(sent).toEqual([
      {
        method: 'POST',
        url: '/api/faults/F1/close',
        body: { resolution: 'disk 2 failed, replaced', repaired: true, signoff: { signerName: '王主任', signerTitle: '监控中心主任', signature: SIGNATURE } },
      },
    ]);
    expect(wrapper.emitted('done')).toHaveLength(1);
    wrapper.unmount();
  });

  it('should close without a signoff when the customer was not there to sign', async () => {
    const wrapper = await mountDialog();
    await $('textarea[data-testid=close-resolution]').setValue('fixed remotely');
    await $('[data-testid=dialog-submit]').trigger('click');
    await settle();
    expect(sent.map((s) => s.body)).toEqual([{ resolution: 'fixed remotely', repaired: false }]);
    wrapper.unmount();
  });
});
