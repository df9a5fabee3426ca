import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// the API client keeps the fetch it found when it was made: an answering one is put in place before any import
const network = vi.hoisted(() => {
  const state = { answer: (_req: Request): Promise<Response> => Promise.reject(new TypeError('no network in this test')) };
  globalThis.fetch = ((input: Request) => state.answer(input)) as typeof fetch;
  return state;
});
import { i18n, setLocale } from '@web/i18n';
import SignLinkPage from './SignLinkPage.vue';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const RECORD = {
  purpose: 'service-record-sign',
  channel: 'mail',
  expiresAt: '2026-12-03T06:00:00.000Z',
  subject: {
    recordId: 'R1',
    kind: 'fault',
    state: 'awaiting-signature',
    customer: '青岛银行',
    site: '市南支行 (S-1)',
    contract: '维保合同',
    timeZone: 'Asia/Shanghai',
    workDone: '更换电源适配器',
    partsUsed: '',
    engineerName: '李工',
    onSiteAt: '2026-12-02T02:00:00.000Z',
    offSiteAt: '2026-12-02T03:30:00.000Z',
    photoCount: 1,
  },
};

async function open(answer: (req: Request) => Response) {
  network.answer = async (req) => answer(req);
  const wrapper = mount(SignLinkPage, { props: { token: 'tok' }, global: { plugins: [ElementPlus, i18n, createPinia()], stubs: { RouterLink: true } } });
  for (let i = 0; i < 5; i += 1) await flushPromises();
  return wrapper;
}

describe('the customer link page', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('should show the record with local times and the zone named, and a sign form', async () => {
    const page = await open(() => json(200, RECORD));
    expect(page.find('[data-testid=sign-page]').attributes('data-state')).toBe('record');
    expect(page.find('[data-testid=sign-on-site]').text()).toBe('2026-12-02 10:00 (Asia/Shanghai)');
    expect(page.find('[data-testid=sign-record]').text()).toContain('青岛银行');
    expect(page.find('[data-testid=sign-form]').exists()).toBe(true);
    // nothing is sent until a name and a drawing are there
    expect(page.find('[data-testid=sign-submit]').attributes('disabled')).toBeDefined();
  });

  it.each([
    [410, 'link-expired', 'expired', '链接已过期'],
    [410, 'link-used', 'used', '链接已使用'],
    [410, 'link-revoked', 'revoked', '链接已撤回'],
    [404, 'link-unknown', 'unknown', '链接无效'],
  ])('should say a link answered %i %s is %s, in words', async (status, code, problem, words) => {
    const page = await open(() => json(status, { statusCode: status, code, message: 'gone' }));
    const shown = page.find('[data-testid=link-problem]');
    expect(shown.attributes('data-problem')).toBe(problem);
    expect(shown.text()).toContain(words);
  });

  it('should show a survey link as its questions, 0–10 each, and send the scores given', async () => {
    const sent: unknown[] = [];
    const page = await open((req) => {
      if (req.method === 'POST') {
        void req.json().then((b) => sent.push(b));
        return json(200, { ok: true });
      }
      return json(200, {
        purpose: 'survey',
        channel: 'sms',
        expiresAt: '2026-12-03T06:00:00.000Z',
        subject: { surveyId: 'S1', site: '市南支行', period: '2026-H2', state: 'sent', passMark: 8, questions: [{ key: 'overall', label: { zh: '总体满意度', en: 'Overall' } }] },
      });
    });
    expect(page.find('[data-testid=sign-page]').attributes('data-state')).toBe('survey');
    expect(page.findAll('[data-question=overall] [data-score]')).toHaveLength(11);
    expect(page.find('[data-testid=survey-submit]').attributes('disabled')).toBeDefined();
    await page.find('[data-question=overall] [data-score="6"]').trigger('click');
    await page.find('[data-testid=survey-form]').trigger('submit');
    for (let i = 0; i < 5; i += 1) await flushPromises();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([{ answers: [{ key: 'overall', score: 6 }] }]);
    expect(page.find('[data-testid=sign-done]').exists()).toBe(true);
  });
  it('should show a complaint and its resolution for the customer to confirm by name', async () => {
    const sent: unknown[] = [];
    const page = await open((req) => {
      if (req.method === 'POST') {
        void req.json().then((b) => sent.push({ url: new URL(req.url).pathname, body: b }));
        return json(200, { state: 'closed' });
      }
      return json(200, {
        purpose: 'complaint-confirm',
        channel: 'sms',
        expiresAt: '2026-12-03T06:00:00.000Z',
        subject: { complaintId: 'C1', site: '市南支行', receivedAt: '2026-12-01T01:00:00.000Z', text: '画面模糊', resolution: '已清洁镜头', state: 'resolved' },
      });
    });
    expect(page.find('[data-testid=sign-page]').attributes('data-state')).toBe('complaint');
    expect(page.find('[data-testid=confirm-resolution]').text()).toBe('已清洁镜头');
    await page.find('input[name=name]').setValue('王经理');
    await page.find('[data-testid=confirm-form]').trigger('submit');
    for (let i = 0; i < 5; i += 1) await flushPromises();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([{ url: '/api/links/tok/confirm', body: { name: '王经理' } }]);
    expect(page.find('[data-testid=sign-done]').text()).toContain('已确认');
  });
});
