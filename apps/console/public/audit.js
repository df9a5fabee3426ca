/* The auditor's views: the verifiable trail, faults with their history, patrols, the monthly report. */
(() => {
  'use strict';

  const TEXT = {
    zh: { trail: '审计记录', faults: '故障', patrols: '巡检', report: '月度报告', entity: '对象', entityId: '编号', actor: '操作人', from: '从', to: '到',
      search: '查询', verify: '校验完整性', time: '时间', action: '操作', more: '更多', site: '站点', device: '设备', level: '级别', kind: '类型',
      engineer: '工程师', opened: '发生', state: '状态', period: '月份', signed: '签字', contract: '合同', all: '全部', intact: '完整：共 {n} 条',
      broken: '不完整：第 {id} 条起 — {reason}', unproven: '不完整：第 {id} 条之后无法证明 — {reason}', noToken: '请先在首页登录', shown: '显示 {n} / {total} 条', history: '处理记录', notifications: '通知记录',
      online: '在线率', mtta: '平均响应（分钟）', mttr: '平均修复（分钟）', compliance: 'SLA 达标率', onTime: '按时巡检', selfCleared: '自行恢复', median: '中位', notYetDue: '未到期', handled: '人工处理', repeats: '重复故障', models: '故障最多的型号', switchTo: 'English' },
    en: { trail: 'Audit trail', faults: 'Faults', patrols: 'Patrols', report: 'Monthly report', entity: 'Entity', entityId: 'Id', actor: 'Actor', from: 'From', to: 'To',
      search: 'Search', verify: 'Verify the chain', time: 'Time', action: 'Action', more: 'More', site: 'Site', device: 'Device', level: 'Level', kind: 'Kind',
      engineer: 'Engineer', opened: 'Opened', state: 'State', period: 'Month', signed: 'Signed', contract: 'Contract', all: 'all', intact: 'intact: {n} entries',
      broken: 'broken at entry {id} — {reason}', unproven: 'nothing after entry {id} can be proven — {reason}', noToken: 'Sign in on the dashboard first', shown: '{n} of {total} shown', history: 'History', notifications: 'Notifications',
      online: 'Online rate', mtta: 'MTTA (min)', mttr: 'MTTR (min)', compliance: 'SLA compliance', onTime: 'Patrols on time', selfCleared: 'cleared by themselves', median: 'median', notYetDue: 'not yet due', handled: 'handled by people', repeats: 'Repeat faults', models: 'Models failing most', switchTo: '中文' },
  };
  let lang = localStorage.getItem('vigil.lang') || 'zh';
  const token = sessionStorage.getItem('vigil.token');
  const t = (k, vars = {}) => Object.entries(vars).reduce((s, [key, v]) => s.replace(`{${key}}`, v), TEXT[lang][k] ?? k);
  const $ = (id) => document.getElementById(id);
  const sites = new Map();
  let trailQuery = null;
  let trailShown = 0;

  const { el, localTime } = window.Vigil;

  async function api(path) {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(Array.isArray(body.message) ? body.message.join('; ') : body.message ?? `${res.status}`);
    }
    return res.json();
  }

  const download = (path, name) => window.Vigil.download(token, path, name);

  const say = (text) => { $('message').textContent = text ?? ''; };
  const act = (fn) => async (...args) => { say(''); try { await fn(...args); } catch (err) { say(err.message); } };
  const queryOf = (form, dates = []) => {
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (!v) continue;
      // a date filter covers the whole local day
      if (dates.includes(k)) q.set(k, new Date(`${v}T${k === 'to' ? '23:59:59' : '00:00:00'}`).toISOString());
      else q.set(k, v);
    }
    return q;
  };
  // in the zone of the site a time belongs to, named; the trail's entries in the default zone
  const when = (iso, siteId) => localTime(iso, siteId ? sites.get(siteId)?.timeZone : undefined);

  // ---- the trail ----
  async function loadTrail(more = false) {
    if (!more) { trailQuery = queryOf($('trail-filter'), ['from', 'to']); trailShown = 0; $('trail').replaceChildren(); }
    const q = new URLSearchParams(trailQuery);
    q.set('limit', '100'); q.set('offset', String(trailShown));
    const page = await api(`/api/audit?${q}`);
    trailShown += page.items.length;
    $('trail').append(...page.items.map((e) => el('tr', { 'data-entry': e.id },
      el('td', {}, e.id), el('td', {}, when(e.at)), el('td', {}, `${e.actor} (${e.role})`), el('td', {}, e.action),
      el('td', {}, `${e.entity} ${e.entityId ?? ''}`), el('td', { class: 'hash', title: e.hash }, e.hash.slice(0, 16)))));
    $('trail-count').textContent = t('shown', { n: trailShown, total: page.total });
    $('trail-more').hidden = trailShown >= page.total;
  }

  async function verify() {
    const v = await api('/api/audit/verify');
    $('verdict').className = v.ok ? 'verdict-ok' : 'verdict-bad';
    $('verdict').textContent = v.ok ? t('intact', { n: v.entries })
      : v.brokenAt !== undefined ? t('broken', { id: v.brokenAt, reason: v.reason }) : t('unproven', { id: v.lastProven ?? 0, reason: v.reason });
  }

  // ---- faults ----
  async function loadFaults() {
    const q = queryOf($('fault-filter'), ['from', 'to']);
    q.set('limit', '200');
    const page = await api(`/api/faults?${q}`);
    $('fault-detail').replaceChildren();
    $('faults').replaceChildren(...page.items.map((f) => el('tr', { class: 'clickable', 'data-fault': f.id, onclick: act(() => showFault(f.id)) },
      el('td', {}, el('span', { class: `chip c${f.level}` }, f.level)), el('td', {}, f.kind), el('td', {}, f.deviceId ?? sites.get(f.siteId)?.name ?? ''),
      el('td', {}, when(f.openedAt, f.siteId)), el('td', {}, f.state),
      el('td', {}, f.sla ? ['respond', 'arrive', 'restore', 'repair'].filter((s) => f.sla[s]?.status).map((s) => `${s}: ${f.sla[s].status}`).join(' · ') : '—'))));
  }

  async function showFault(id) {
    const f = await api(`/api/faults/${id}`);
    $('fault-detail').replaceChildren(
      el('h3', {}, `${f.kind} · ${f.deviceId ?? ''} · ${sites.get(f.siteId)?.name ?? f.siteId}`),
      el('h3', {}, t('history')),
      el('table', {}, el('tbody', {}, ...f.history.map((h) => el('tr', {}, el('td', {}, when(h.at, f.siteId)), el('td', {}, h.type), el('td', {}, h.actor ?? 'system'), el('td', {}, h.detail ? JSON.stringify(h.detail) : ''))))),
      el('h3', {}, t('notifications')),
      el('table', {}, el('tbody', {}, ...f.notifications.map((n) => el('tr', {}, el('td', {}, when(n.at, f.siteId)), el('td', {}, n.channel), el('td', {}, n.recipient), el('td', {}, n.status), el('td', {}, n.reason))))));
  }

  // ---- patrols ----
  async function loadPatrols() {
    const q = queryOf($('patrol-filter'));
    const page = await api(`/api/patrols?${q}`);
    $('patrols').replaceChildren(...page.items.map((p) => el('tr', { class: 'clickable', 'data-patrol': p.id, onclick: () => { location.href = `/patrol.html#${encodeURIComponent(p.id)}`; } },
      el('td', {}, sites.get(p.siteId)?.name ?? p.siteId), el('td', {}, p.kind), el('td', {}, p.period), el('td', {}, `${p.state}${p.overdue ? ' ⚠' : ''}`),
      el('td', {}, p.signoff ? `${p.signoff.signerName} (${p.signoff.signerTitle})` : ''))));
  }

  // ---- the monthly report ----
  async function loadReport() {
    const q = queryOf($('report-filter'));
    const r = await api(`/api/reports/service?${q}`);
    const pct = (x) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);
    $('report').replaceChildren(
      el('h3', {}, `${r.contract.name} · ${r.period}`),
      el('p', {}, `${t('faults')}: ${r.faults.total} (L1 ${r.faults.byLevel[1]} · L2 ${r.faults.byLevel[2]} · L3 ${r.faults.byLevel[3]} · L4 ${r.faults.byLevel[4]}) · ${t('handled')} ${r.faults.handled}: ${t('mtta')} ${r.faults.mttaMinutes ?? '—'} · ${t('mttr')} ${r.faults.mttrMinutes ?? '—'} · ${t('selfCleared')} ${r.faults.selfCleared.count}${r.faults.selfCleared.medianMinutes === null ? '' : ` (${t('median')} ${r.faults.selfCleared.medianMinutes} min)`}`),
      el('p', {}, `${t('compliance')}: ${['respond', 'arrive', 'restore', 'repair'].map((s) => `${s} ${pct(r.sla[s].compliance)}`).join(' · ')}`),
      el('p', {}, `${t('onTime')}: ${r.patrols.onTime} / ${r.patrols.settled} (${pct(r.patrols.onTimeRate)}) · ${t('notYetDue')} ${r.patrols.notYetDue}`),
      el('h3', {}, t('online')),
      el('table', {}, el('tbody', {}, ...r.online.bySite.map((s) => el('tr', {}, el('td', {}, s.siteName), el('td', {}, pct(s.onlineRate)))),
        ...r.online.byDeviceType.map((s) => el('tr', {}, el('td', {}, s.key), el('td', {}, pct(s.onlineRate)))))),
      el('h3', {}, t('repeats')), el('p', {}, r.repeatFaults.map((x) => `${x.deviceId} ${x.kind} ×${x.count}`).join(' · ') || '—'),
      el('h3', {}, t('models')), el('p', {}, r.failingModels.map((m) => `${m.model} (${m.faults})`).join(' · ') || '—'));
  }

  function translate() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const b of document.querySelectorAll('.lang-switch')) b.textContent = t('switchTo');
  }

  function showTab(name) {
    for (const b of document.querySelectorAll('[data-tab]')) b.classList.toggle('active', b.dataset.tab === name);
    for (const p of document.querySelectorAll('[data-panel]')) p.hidden = p.dataset.panel !== name;
  }

  async function main() {
    translate();
    for (const b of document.querySelectorAll('.lang-switch')) b.addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('vigil.lang', lang); translate(); });
    if (!token) { say(t('noToken')); return; }
    for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => showTab(b.dataset.tab));
    const lastMonth = new Date(); lastMonth.setDate(1); lastMonth.setMonth(lastMonth.getMonth() - 1);
    for (const input of document.querySelectorAll('input[type=month]')) input.value = lastMonth.toISOString().slice(0, 7);
    $('trail-filter').addEventListener('submit', act((e) => { e.preventDefault(); return loadTrail(); }));
    $('trail-more').addEventListener('click', act(() => loadTrail(true)));
    $('verify').addEventListener('click', act(verify));
    for (const b of document.querySelectorAll('[data-export]')) {
      b.addEventListener('click', act(() => download(`/api/audit/export?format=${b.dataset.export}&${queryOf($('trail-filter'), ['from', 'to'])}`, `vigil-audit.${b.dataset.export}`)));
    }
    $('fault-filter').addEventListener('submit', act((e) => { e.preventDefault(); return loadFaults(); }));
    $('patrol-filter').addEventListener('submit', act((e) => { e.preventDefault(); return loadPatrols(); }));
    for (const b of document.querySelectorAll('[data-month]')) {
      b.addEventListener('click', act(() => download(`/api/patrol-reports/month.${b.dataset.month}?${queryOf($('patrol-filter'))}`, `vigil-patrols.${b.dataset.month}`)));
    }
    $('report-filter').addEventListener('submit', act((e) => { e.preventDefault(); return loadReport(); }));
    $('report-pdf').addEventListener('click', act(() => download(`/api/reports/service.pdf?${queryOf($('report-filter'))}`, 'vigil-service-report.pdf')));
    try {
      const me = await api('/api/auth/me');
      $('me').textContent = `${me.username} (${me.role})`;
      const [siteList, contracts, engineers] = await Promise.all([api('/api/sites'), api('/api/contracts'), api('/api/users?role=engineer').catch(() => ({ items: [] }))]);
      for (const s of siteList.items) sites.set(s.id, s);
      for (const select of document.querySelectorAll('.site-select')) {
        select.replaceChildren(el('option', { value: '' }, t('all')), ...siteList.items.map((s) => el('option', { value: s.id }, `${s.name} (${s.code})`)));
      }
      $('contracts').replaceChildren(...contracts.items.map((c) => el('option', { value: c.id }, c.name)));
      $('engineers').replaceChildren(el('option', { value: '' }, t('all')), ...engineers.items.map((u) => el('option', { value: u.id }, u.displayName ?? u.username)));
      if (location.hash === '#report') showTab('report');
      await loadTrail();
    } catch (err) {
      say(err.message);
    }
  }

  void main();
})();
