/* Vigil monitoring-centre dashboard: plain browser JavaScript, no build step. */
(() => {
  'use strict';

  const TEXT = {
    zh: {
      tagline: '视频监控系统运维巡检平台', username: '用户名', password: '密码', signIn: '登录', signOut: '退出', sites: '站点',
      openFaults: '未关闭故障', level: '级别', fault: '故障', site: '站点', opened: '发生', state: '状态', trends: '趋势', patrols: '巡检',
      level1: '一级', level2: '二级', level3: '三级', level4: '四级', acknowledge: '确认', dispatch: '派单', badLogin: '用户名或密码错误', tooManyLogins: '登录失败次数过多，请 {min} 分钟后再试',
      overdue: '逾期', dueThisMonth: '本月待巡检', noFaults: '没有未关闭的故障', all: '全部站点', faultsByLevel: '未关闭故障（按级别）',
      onlineRate: '在线率', mttr: '平均修复时间（分钟，人工处理的故障）', respond: '响应', arrive: '到场', restore: '恢复', repair: '修复', left: '剩余', late: '超时',
      plan: '处理方案（可选）', engineer: '派给哪位工程师？', affected: '台受影响', switchTo: 'English', paused: '已暂停', perSite: '各站点', auditViews: '审计与报告', monthlyReport: '月度运维报告',
      states: { open: '待确认', acknowledged: '已确认', dispatched: '已派单', 'on-site': '已到场', restored: '已恢复', closed: '已关闭' },
      faultDetails: '故障详情', close: '关闭', history: '处理记录', affectedDevices: '受影响设备', noFault: '找不到该故障，或您无权查看', kind: '类型', device: '设备',
      calendarMissing: '{year} 年节假日安排尚未导入：跨入该年的维修时限按工作日（周一至周五）计算。请导入国务院通知（PUT /api/calendars/holidays/{year}，见 README“节假日”）。', online: '在线', degraded: '异常', offline: '离线', unknown: '未知', notMonitored: '不监测（无心跳，巡检覆盖）',
      acknowledgedAt: '确认', dispatchedAt: '派单', assignee: '处理人', arrivedAt: '到场', restoredAt: '恢复', closedAt: '关闭', description: '描述', time: '时间', event: '事件', by: '操作人', none: '无',
    },
    en: {
      tagline: 'Maintenance and inspection of video-surveillance networks', username: 'Username', password: 'Password', signIn: 'Sign in',
      signOut: 'Sign out', sites: 'Sites', openFaults: 'Open faults', level: 'Level', fault: 'Fault', site: 'Site', opened: 'Opened', state: 'State',
      trends: 'Trends', patrols: 'Patrols', level1: 'Level 1', level2: 'Level 2', level3: 'Level 3', level4: 'Level 4', acknowledge: 'Acknowledge',
      dispatch: 'Dispatch', badLogin: 'Wrong username or password', tooManyLogins: 'Too many failed sign-ins; try again in {min} min', overdue: 'Overdue', dueThisMonth: 'Due this month', noFaults: 'No open faults',
      all: 'all sites', faultsByLevel: 'Open faults by level', onlineRate: 'Online rate', mttr: 'Mean time to restore, faults people handled (min)', respond: 'respond',
      arrive: 'arrive', restore: 'restore', repair: 'repair', left: 'left', late: 'late', plan: 'Plan (optional)', engineer: 'Dispatch to which engineer?',
      affected: 'affected', switchTo: '中文', paused: 'paused', perSite: 'per site', auditViews: 'Audit & reports', monthlyReport: 'monthly service report',
      states: { open: 'open', acknowledged: 'acknowledged', dispatched: 'dispatched', 'on-site': 'on site', restored: 'restored', closed: 'closed' },
      faultDetails: 'Fault details', close: 'Close', history: 'History', affectedDevices: 'Affected devices', noFault: 'No such fault, or not yours to see', kind: 'Kind', device: 'Device',
      calendarMissing: 'The {year} holiday calendar is not loaded: repair clocks reaching {year} count it as weekdays (Mon–Fri). Load the State Council notice (PUT /api/calendars/holidays/{year}; see the README, "Holiday calendar").', online: 'online', degraded: 'degraded', offline: 'offline', unknown: 'unknown', notMonitored: 'not monitored (no heartbeats; patrols cover them)',
      acknowledgedAt: 'Acknowledged', dispatchedAt: 'Dispatched', assignee: 'Assignee', arrivedAt: 'Arrived', restoredAt: 'Restored', closedAt: 'Closed', description: 'Description', time: 'Time', event: 'Event', by: 'By', none: 'none',
    },
  };
  const LEVEL_COLOURS = ['#dc2626', '#f97316', '#eab308', '#3b82f6'];
  const ACTING = { acknowledge: ['supervisor', 'operator', 'engineer'], dispatch: ['supervisor', 'operator'] };
  const FEED_LIMIT = 200;

  let lang = localStorage.getItem('vigil.lang') || 'zh';
  let token = sessionStorage.getItem('vigil.token');
  let me = null;
  let socket = null;
  let range = '24h';
  let selectedSite = null;
  const sites = new Map();
  const faults = new Map();
  const charts = {};
  const t = (key) => TEXT[lang][key] ?? key;
  const $ = (id) => document.getElementById(id);

  const { el, localTime, DEFAULT_ZONE } = window.Vigil;
  // every time on the page in the zone of the site it belongs to, the zone named
  const siteTime = (iso, siteId) => localTime(iso, sites.get(siteId)?.timeZone);

  async function api(path, options = {}) {
    const res = await fetch(path, { ...options, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    if (res.status === 401) return signOut();
    if (!res.ok) throw new Error(`${res.status} ${(await res.json().catch(() => ({}))).message ?? ''}`);
    return res.status === 204 ? null : res.json();
  }

  function translate() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((n) => { n.textContent = t(n.dataset.i18n); });
    document.querySelectorAll('.lang-switch').forEach((n) => { n.textContent = t('switchTo'); });
  }

  function switchLanguage() {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('vigil.lang', lang);
    translate();
    if (me) { renderSites(); renderFeed(); loadTrends(); loadOverview(); renderCalendarNotice(); openFromHash().catch((err) => console.error(err)); }
  }

  // ---- sign in and out ----
  async function signIn(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    $('login-error').textContent = '';
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: form.get('username'), password: form.get('password') }) });
    if (res.status === 429) {
      $('login-error').textContent = t('tooManyLogins').replace('{min}', String(Math.ceil(Number(res.headers.get('retry-after') ?? 60) / 60)));
      return;
    }
    if (!res.ok) { $('login-error').textContent = t('badLogin'); return; }
    token = (await res.json()).accessToken;
    sessionStorage.setItem('vigil.token', token);
    await start();
  }

  function signOut() {
    sessionStorage.removeItem('vigil.token');
    token = null; me = null;
    if (socket) socket.close();
    $('app').hidden = true; $('login').hidden = false;
  }

  // ---- one fault, as the link in every alert opens it: #/faults/<id> ----
  const FAULT_ROUTE = /^#\/faults\/([^/?#]+)$/;

  function closeFault() {
    $('fault-panel').hidden = true;
    if (FAULT_ROUTE.test(location.hash)) history.replaceState(null, '', location.pathname + location.search);
  }

  async function openFromHash() {
    const match = FAULT_ROUTE.exec(location.hash);
    if (!match || !me) { $('fault-panel').hidden = true; return; }
    const id = decodeURIComponent(match[1]);
    const panel = $('fault-panel');
    const heading = el('h2', {}, el('span', {}, t('faultDetails')), ' ', el('button', { type: 'button', class: 'link', 'data-action': 'close-fault', onclick: closeFault }, t('close')));
    panel.hidden = false;
    const f = await api(`/api/faults/${encodeURIComponent(id)}`).catch(() => null);
    if (FAULT_ROUTE.exec(location.hash)?.[1] !== match[1]) return; // another link was opened meanwhile
    if (!f) { panel.replaceChildren(heading, el('p', { class: 'error', 'data-testid': 'fault-missing' }, t('noFault'))); return; }
    const when = (iso) => siteTime(iso, f.siteId) || '—';
    const row = (label, value, key) => el('tr', key ? { 'data-field': key } : {}, el('th', {}, label), el('td', {}, value ?? '—'));
    const sla = countdown(f);
    panel.replaceChildren(heading,
      el('h3', { 'data-fault-detail': f.id }, el('span', { class: `chip c${f.level}` }, f.level), ' ', f.kind, f.deviceId ? ` · ${f.deviceId}` : '', ` · ${sites.get(f.siteId)?.name ?? f.siteId}`),
      el('table', {}, el('tbody', {},
        row('ID', f.id, 'id'), row(t('level'), t(`level${f.level}`), 'level'), row(t('kind'), f.kind, 'kind'), row(t('device'), f.deviceId, 'deviceId'),
        row(t('site'), sites.get(f.siteId)?.name ?? f.siteId, 'site'), row(t('state'), TEXT[lang].states[f.state] ?? f.state, 'state'),
        row(t('opened'), when(f.openedAt), 'openedAt'), row(t('acknowledgedAt'), when(f.acknowledgedAt), 'acknowledgedAt'),
        row(t('dispatchedAt'), when(f.dispatchedAt), 'dispatchedAt'), row(t('assignee'), f.assignee ? f.assignee.name : f.assigneeId, 'assignee'), row(t('arrivedAt'), when(f.arrivedAt), 'arrivedAt'),
        row(t('restoredAt'), when(f.restoredAt), 'restoredAt'), row(t('closedAt'), when(f.closedAt), 'closedAt'),
        row('SLA', sla.text, 'sla'), row(t('description'), f.description, 'description'))),
      el('h3', {}, `${t('affectedDevices')} (${f.affected.length})`),
      el('p', { 'data-testid': 'fault-affected' }, f.affected.length ? f.affected.join(' · ') : t('none')),
      el('h3', {}, t('history')),
      el('table', { 'data-testid': 'fault-history' },
        el('thead', {}, el('tr', {}, el('th', {}, t('time')), el('th', {}, t('event')), el('th', {}, t('by')), el('th', {}, ''))),
        el('tbody', {}, ...f.history.map((h) => el('tr', {}, el('td', {}, when(h.at)), el('td', {}, h.type), el('td', {}, h.actor ?? 'system'),
          el('td', {}, h.detail ? JSON.stringify(h.detail) : ''))))));
  }

  // ---- the estate ----
  async function loadOverview() {
    const o = await api('/api/dashboard/overview');
    if (!o) return;
    renderSummary(o.summary);
    sites.clear();
    for (const s of o.sites) sites.set(s.id, s);
    renderSites();
    renderPatrols(o.patrols);
  }

  function renderSummary(counts) {
    for (const l of [1, 2, 3, 4]) document.querySelector(`[data-testid=level-${l}] b`).textContent = counts[l] ?? 0;
  }

  function renderSites() {
    const depth = (s) => { let d = 0; for (let p = s.parentId; p && sites.has(p) && d < 6; p = sites.get(p).parentId) d += 1; return d; };
    const ordered = [];
    const visit = (parentId) => [...sites.values()].filter((s) => (s.parentId ?? null) === parentId).sort((a, b) => a.code.localeCompare(b.code))
      .forEach((s) => { ordered.push(s); visit(s.id); });
    visit(null);
    const rows = ordered.map((s) => {
      // devices that send no heartbeats are not monitored: left out of the bar, named apart from unknown
      const d = s.devices; const total = Math.max(d.total - (d.notMonitored ?? 0), 1);
      const counts = ['online', 'degraded', 'offline', 'unknown', 'notMonitored'].map((k) => `${t(k)} ${d[k] ?? 0}`).join(' · ');
      return el('div', { class: `site${selectedSite === s.id ? ' selected' : ''}`, 'data-site': s.id, style: `padding-left:${0.3 + depth(s) * 0.9}rem`, onclick: () => selectSite(s.id) },
        el('span', { class: 'name', title: `${s.name} (${s.code})` }, s.name),
        el('span', {}, ...[1, 2, 3, 4].filter((l) => s.faults[l] > 0).map((l) => el('span', { class: `badge b${l}` }, s.faults[l]))),
        el('div', { class: 'bar', title: counts, 'data-counts': counts },
          el('i', { class: 'on', style: `width:${(100 * d.online) / total}%` }), el('i', { class: 'dg', style: `width:${(100 * d.degraded) / total}%` }),
          el('i', { class: 'off', style: `width:${(100 * d.offline) / total}%` })));
    });
    $('site-tree').replaceChildren(el('div', { class: `site${selectedSite ? '' : ' selected'}`, onclick: () => selectSite(null) }, el('span', {}, t('all'))), ...rows);
  }

  function selectSite(id) {
    selectedSite = id;
    $('feed-filter').textContent = id && sites.has(id) ? `· ${sites.get(id).name}` : '';
    renderSites();
    loadFaults();
  }

  // ---- the fault feed ----
  async function loadFaults() {
    const q = new URLSearchParams({ state: 'open', limit: String(FEED_LIMIT) });
    if (selectedSite) q.set('siteId', selectedSite);
    const page = await api(`/api/faults?${q}`);
    if (!page) return;
    faults.clear();
    for (const f of page.items) if (!f.parentFaultId) faults.set(f.id, f);
    renderFeed();
  }

  function nextStep(f) {
    if (!f.sla) return null;
    const order = ['respond', 'arrive', 'restore', 'repair'];
    const step = order.find((s) => f.sla[s] && ['pending', 'breached', 'paused'].includes(f.sla[s].status) && !f.sla[s].completedAt);
    return step ? { step, ...f.sla[step] } : null;
  }

  function countdown(f) {
    const s = nextStep(f);
    if (!s || !s.due) return { text: '—', cls: '' };
    // a paused clock (a recorded reason outside the contractor's control) is not counting down
    if (s.status === 'paused') return { text: `${t(s.step)} ${t('paused')}`, cls: 'paused' };
    const left = new Date(s.due).getTime() - Date.now();
    const abs = Math.abs(left); const h = Math.floor(abs / 3600000); const m = Math.floor((abs % 3600000) / 60000); const sec = Math.floor((abs % 60000) / 1000);
    const clock = h > 48 ? `${Math.floor(h / 24)}d ${h % 24}h` : `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
    if (left < 0) return { text: `${t(s.step)} ${t('late')} ${clock}`, cls: 'breach' };
    const warn = s.warnAt && Date.now() >= new Date(s.warnAt).getTime();
    return { text: `${t(s.step)} ${clock} ${t('left')}`, cls: warn ? 'warn' : 'ok' };
  }

  function renderFeed() {
    const list = [...faults.values()].filter((f) => !selectedSite || f.siteId === selectedSite)
      .sort((a, b) => a.level - b.level || new Date(b.openedAt) - new Date(a.openedAt));
    // the feed never grows past its limit: the most severe and newest stay, the counts above stay exact
    if (list.length > FEED_LIMIT) for (const f of list.splice(FEED_LIMIT)) faults.delete(f.id);
    if (list.length === 0) { $('faults').replaceChildren(el('tr', {}, el('td', { colspan: 7 }, t('noFaults')))); return; }
    $('faults').replaceChildren(...list.map((f) => {
      const sla = countdown(f);
      const can = (action) => me && ACTING[action].includes(me.role);
      return el('tr', { 'data-fault': f.id, 'data-device': f.deviceId ?? '', class: f.fresh ? 'new' : '' },
        el('td', {}, el('span', { class: `chip c${f.level}` }, f.level)),
        el('td', {}, el('div', {}, el('a', { class: 'fault-link', href: `#/faults/${encodeURIComponent(f.id)}` }, f.kind)), el('small', {}, f.deviceId ?? ''), f.affectedCount > 0 ? el('small', {}, ` · ${f.affectedCount} ${t('affected')}`) : null),
        el('td', {}, sites.get(f.siteId)?.name ?? f.siteId),
        el('td', {}, siteTime(f.openedAt, f.siteId)),
        el('td', { class: `sla ${sla.cls}`, 'data-sla': f.id }, sla.text),
        el('td', { 'data-testid': 'fault-state' }, TEXT[lang].states[f.state] ?? f.state),
        el('td', {},
          f.state === 'open' && can('acknowledge') ? el('button', { 'data-action': 'acknowledge', onclick: () => acknowledge(f) }, t('acknowledge')) : null,
          ['open', 'acknowledged'].includes(f.state) && can('dispatch') ? el('button', { 'data-action': 'dispatch', onclick: () => dispatch(f) }, t('dispatch')) : null));
    }));
  }

  function tickCountdowns() {
    document.querySelectorAll('[data-sla]').forEach((cell) => {
      const f = faults.get(cell.dataset.sla);
      if (!f) return;
      const sla = countdown(f);
      cell.textContent = sla.text; cell.className = `sla ${sla.cls}`;
    });
  }

  async function refreshFault(id) {
    const f = await api(`/api/faults/${id}`).catch(() => null);
    if (f) upsertFault(f);
    renderFeed();
  }

  // live events carry the whole fault with its SLA: no request per event
  function upsertFault(f) {
    if (f.state === 'closed' || f.parentFaultId) faults.delete(f.id);
    else faults.set(f.id, { ...f, fresh: !faults.has(f.id) });
  }

  let feedTimer = null;
  function renderFeedSoon() {
    feedTimer ??= setTimeout(() => { feedTimer = null; renderFeed(); }, 200);
  }

  async function acknowledge(f) {
    const plan = window.prompt(t('plan'), '') ?? null;
    await api(`/api/faults/${f.id}/acknowledge`, { method: 'POST', body: JSON.stringify(plan ? { plan } : {}) });
    await refreshFault(f.id);
  }

  async function dispatch(f) {
    const engineers = (await api('/api/users?role=engineer'))?.items ?? [];
    const choice = window.prompt(`${t('engineer')}\n${engineers.map((e, i) => `${i + 1}. ${e.displayName ?? e.username}`).join('\n')}`, '1');
    const engineer = engineers[Number(choice) - 1];
    if (!engineer) return;
    await api(`/api/faults/${f.id}/dispatch`, { method: 'POST', body: JSON.stringify({ assigneeId: engineer.id }) });
    await refreshFault(f.id);
  }

  // ---- patrols and charts ----
  function renderPatrols(p) {
    const line = (x) => el('a', { class: `patrol${x.overdue ? ' overdue' : ''}`, href: `/patrol.html#${encodeURIComponent(x.id)}`, 'data-patrol': x.id },
      `${sites.get(x.siteId)?.name ?? x.siteId} · ${x.kind} ${x.period} · ${siteTime(x.dueAt, x.siteId)}`);
    $('patrols').replaceChildren(
      el('div', {}, el('b', {}, `${t('overdue')}: ${p.overdue}`), ' · ', `${t('dueThisMonth')}: ${p.dueThisMonth}`),
      ...p.overdueItems.map(line), ...p.dueItems.slice(0, 10).map(line));
  }

  function chart(id, config) {
    if (!window.Chart) return;
    if (charts[id]) charts[id].destroy();
    const base = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { labels: { color: '#cbd5e1' } } },
      scales: { x: { ticks: { color: '#94a3b8', maxTicksLimit: 8 }, grid: { color: '#1e293b' } }, y: { ticks: { color: '#94a3b8' }, grid: { color: '#1e293b' }, beginAtZero: true } } };
    charts[id] = new window.Chart($(id), { ...config, options: { ...base, ...config.options } });
  }

  async function loadTrends() {
    const tr = await api(`/api/dashboard/trends?range=${range}`);
    if (!tr) return;
    // estate-wide buckets, labelled in the default zone (named in the first chart's title); hour buckets come as YYYY-MM-DDTHH
    const label = (iso) => { const local = localTime(iso.length === 13 ? `${iso}:00:00Z` : iso, DEFAULT_ZONE, { withZone: false }); return range === '24h' ? local.slice(11, 16) : local.slice(5, 10); };
    chart('chart-faults', { type: 'line', data: { labels: tr.faultsByLevel.map((p) => label(p.at)),
      datasets: [1, 2, 3, 4].map((l) => ({ label: t(`level${l}`), data: tr.faultsByLevel.map((p) => p[l]), borderColor: LEVEL_COLOURS[l - 1], backgroundColor: LEVEL_COLOURS[l - 1], tension: 0.2 })) },
    options: { plugins: { title: { display: true, text: `${t('faultsByLevel')} · ${DEFAULT_ZONE}`, color: '#cbd5e1' }, legend: { labels: { color: '#cbd5e1' } } } } });
    chart('chart-online', { type: 'line', data: { labels: tr.online.map((p) => label(p.at)),
      datasets: [{ label: t('onlineRate'), data: tr.online.map((p) => (p.rate === null ? null : Math.round(p.rate * 1000) / 10)), borderColor: '#22c55e', backgroundColor: '#22c55e' }] },
    options: { scales: { y: { min: 0, max: 100, ticks: { color: '#94a3b8' } }, x: { ticks: { color: '#94a3b8', maxTicksLimit: 8 } } } } });
    chart('chart-mttr', { type: 'bar', data: { labels: tr.mttr.map((p) => label(p.at)),
      datasets: [{ label: t('mttr'), data: tr.mttr.map((p) => p.meanMinutes), backgroundColor: '#60a5fa' }] } });
    // per site, worst first: the sites to look at; at most 25 bars, whatever the estate's size
    const perSite = tr.onlineBySite.filter((x) => x.rate !== null).sort((a, b) => a.rate - b.rate).slice(0, 25);
    chart('chart-sites', { type: 'bar', data: { labels: perSite.map((x) => sites.get(x.siteId)?.name ?? x.siteId),
      datasets: [{ label: `${t('onlineRate')} · ${t('perSite')} (${range})`, data: perSite.map((x) => Math.round(x.rate * 1000) / 10),
        backgroundColor: perSite.map((x) => (x.rate < 0.95 ? '#f97316' : '#22c55e')) }] },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: 100, ticks: { color: '#94a3b8' } }, y: { ticks: { color: '#94a3b8', autoSkip: false } } } } });
  }

  // ---- live ----
  function connect() {
    if (socket) socket.close();
    socket = window.io('/dashboard', { auth: { token }, transports: ['websocket', 'polling'] });
    socket.on('connect', () => $('live').classList.add('on'));
    socket.on('disconnect', (reason) => {
      $('live').classList.remove('on');
      // the server closed it (token revoked, or the page fell behind): reconnect; a refused token signs out
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => { if (String(err.message).includes('unauthorized')) signOut(); });
    socket.on('summary', renderSummary);
    // on every (re)connect: the feed as it is now, so nothing that happened while away is missed
    socket.on('snapshot', (snap) => {
      renderSummary(snap.summary);
      if (selectedSite) { loadFaults(); return; }
      faults.clear();
      for (const f of snap.faults) upsertFault({ ...f, fresh: false });
      renderFeed();
      scheduleOverview();
    });
    const onFault = (f) => { upsertFault(f); renderFeedSoon(); scheduleOverview(); };
    for (const ev of ['fault.opened', 'fault.updated', 'fault.cleared']) socket.on(ev, onFault);
    socket.on('fault.batch', (b) => { for (const e of b.events) upsertFault(e.fault); renderFeedSoon(); scheduleOverview(); });
    socket.on('device.status', scheduleOverview);
    socket.on('device.status.batch', scheduleOverview);
  }

  // the site tree's counts: read again at most every 10 s, however busy the estate
  let overviewTimer = null;
  let overviewAt = 0;
  function scheduleOverview() {
    overviewTimer ??= setTimeout(() => { overviewTimer = null; overviewAt = Date.now(); loadOverview(); }, Math.max(1000, 10_000 - (Date.now() - overviewAt)));
  }

  /** Admins (who load the State Council's notice) are told when this or next year's holiday calendar is missing. */
  let calendarMissingYear = null;
  async function loadCalendarNotice() {
    if (me?.role !== 'admin') { calendarMissingYear = null; renderCalendarNotice(); return; }
    const outlook = await api('/api/calendars/holidays');
    calendarMissingYear = outlook.missingThisYear ? outlook.nextYear - 1 : outlook.missingNextYear ? outlook.nextYear : null;
    renderCalendarNotice();
  }
  function renderCalendarNotice() {
    const notice = $('calendar-notice');
    notice.hidden = calendarMissingYear === null;
    if (calendarMissingYear !== null) notice.textContent = t('calendarMissing').replaceAll('{year}', String(calendarMissingYear));
  }

  async function start() {
    me = await api('/api/auth/me');
    if (!me) return;
    $('login').hidden = true; $('app').hidden = false;
    $('me').textContent = `${me.username} (${me.role})`;
    translate();
    await loadOverview();
    connect();
    loadTrends();
    loadCalendarNotice().catch((err) => console.error(err));
    // a link from an alert: the fault's details over the dashboard (a failure there never signs out)
    openFromHash().catch((err) => console.error(err));
  }

  document.querySelectorAll('.lang-switch').forEach((b) => b.addEventListener('click', switchLanguage));
  $('login-form').addEventListener('submit', signIn);
  $('logout').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => { openFromHash().catch((err) => console.error(err)); });
  document.querySelectorAll('.range').forEach((b) => b.addEventListener('click', () => {
    range = b.dataset.range;
    document.querySelectorAll('.range').forEach((x) => x.classList.toggle('active', x === b));
    loadTrends();
  }));
  setInterval(tickCountdowns, 1000);
  setInterval(() => { if (me) loadTrends(); }, 60_000);
  translate();
  if (token) start().catch(signOut); else $('login').hidden = false;
})();
