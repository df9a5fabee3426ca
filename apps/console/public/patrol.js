/* One patrol: its lines beside their live evidence, the engineer's results, and the customer's sign-off drawn here. */
(() => {
  'use strict';

  const TEXT = {
    zh: { start: '开始巡检', submit: '提交记录', item: '检查项', device: '设备', evidence: '实时证据', result: '结果', signoff: '客户签字盖章',
      signerName: '签字人', signerTitle: '职务', signature: '签名', clear: '重签', stamp: '盖章（图片）', sign: '确认签字', pass: '合格', fail: '不合格',
      na: '不适用', save: '保存', noToken: '请先在首页登录', signedBy: '签字', drawFirst: '请先签名', seen: '上报于', due: '应完成', site: '站点', switchTo: 'English',
      states: { due: '待巡检', 'in-progress': '巡检中', submitted: '已提交', signed: '已签字' } },
    en: { start: 'Start', submit: 'Submit', item: 'Item', device: 'Device', evidence: 'Live evidence', result: 'Result', signoff: 'Customer sign-off',
      signerName: 'Signer', signerTitle: 'Title', signature: 'Signature', clear: 'Clear', stamp: 'Stamp (image)', sign: 'Sign', pass: 'pass', fail: 'fail',
      na: 'n/a', save: 'Save', noToken: 'Sign in on the dashboard first', signedBy: 'Signed by', drawFirst: 'Draw the signature first', seen: 'seen', due: 'due',
      site: 'Site', switchTo: '中文', states: { due: 'due', 'in-progress': 'in progress', submitted: 'submitted', signed: 'signed' } },
  };
  let lang = localStorage.getItem('vigil.lang') || 'zh';
  const token = sessionStorage.getItem('vigil.token');
  const id = decodeURIComponent(location.hash.slice(1));
  const t = (k) => TEXT[lang][k] ?? k;
  const $ = (x) => document.getElementById(x);
  let me = null;
  let patrol = null;
  let drawn = false;

  const { el, localTime } = window.Vigil;
  let zone = null;
  const when = (iso) => localTime(iso, zone);

  async function api(path, options = {}) {
    const res = await fetch(path, { ...options, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(options.headers ?? {}) } });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(Array.isArray(body.message) ? body.message.join('; ') : body.message ?? `${res.status}`);
    }
    return res.json();
  }

  const say = (text) => { $('message').textContent = text ?? ''; };
  const act = (fn) => async (...args) => { say(''); try { await fn(...args); } catch (err) { say(err.message); } };

  const isWorker = () => me && (me.role === 'supervisor' || (me.role === 'engineer' && (!patrol.assigneeId || patrol.assigneeId === me.userId)));

  function evidenceCell(e) {
    if (!e) return '';
    const cls = e.ok === null ? 'unknown' : e.ok ? 'ok' : 'bad';
    return el('span', { class: `evidence ${cls}` }, `${e.ok === null ? '?' : e.ok ? '✓' : '✗'} ${e.detail}`,
      e.lastSeenAt ? el('small', {}, ` · ${t('seen')} ${when(e.lastSeenAt)}`) : null);
  }

  function resultCell(line) {
    const r = line.result;
    const editable = patrol.state === 'in-progress' && isWorker();
    if (!editable) return r ? `${t(r.outcome === 'n/a' ? 'na' : r.outcome)}${r.value !== null ? ` (${r.value})` : ''}${r.note ? ` — ${r.note}` : ''}` : '';
    const record = act(async (body) => {
      await api(`/api/patrols/${encodeURIComponent(id)}/lines/${encodeURIComponent(line.lineKey)}`, { method: 'PUT', body: JSON.stringify(body) });
      await load();
    });
    if (line.item.type === 'number' || line.item.type === 'text') {
      const input = el('input', { value: r?.value ?? '', 'aria-label': line.item.label[lang] });
      return el('span', { class: 'outcome' }, input, el('button', { type: 'button', onclick: () => record({ value: line.item.type === 'number' ? Number(input.value) : input.value }) }, t('save')),
        r ? ` ${t(r.outcome)}` : '');
    }
    return el('span', { class: 'outcome' }, ...[['pass', 'pass'], ['fail', 'fail'], ['n/a', 'na']].map(([outcome, key]) =>
      el('button', { type: 'button', class: `${key}${r?.outcome === outcome ? ' on' : ''}`, 'data-outcome': outcome, onclick: () => record({ outcome }) }, t(key))));
  }

  function render() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const b of document.querySelectorAll('.lang-switch')) b.textContent = t('switchTo');
    if (!patrol) return;
    $('title').textContent = `${patrol.kind} · ${patrol.period} · ${t('states')[patrol.state] ?? patrol.state}${patrol.overdue ? ' ⚠' : ''} · ${t('due')} ${when(patrol.dueAt)}`;
    $('me').textContent = me ? `${me.username} (${me.role})` : '';
    $('start').hidden = !(patrol.state === 'due' && isWorker());
    $('submit').hidden = !(patrol.state === 'in-progress' && isWorker());
    $('lines').replaceChildren(...patrol.lines.map((l) => el('tr', { 'data-line': l.lineKey },
      el('td', {}, l.item.label[lang], l.item.required ? ' *' : ''), el('td', {}, l.deviceId ?? ''), el('td', {}, evidenceCell(l.evidence)), el('td', {}, resultCell(l)))));
    $('signoff').hidden = !(patrol.state === 'submitted' && me && (me.role === 'engineer' || me.role === 'supervisor'));
    $('signed').hidden = patrol.state !== 'signed';
    if (patrol.signoff) {
      $('signed-by').textContent = `${t('signedBy')}: ${patrol.signoff.signerName} (${patrol.signoff.signerTitle}) · ${when(patrol.signoff.signedAt)}`;
      $('signed-signature').src = patrol.signoff.signature;
      $('signed-stamp').hidden = !patrol.signoff.stamp;
      if (patrol.signoff.stamp) $('signed-stamp').src = patrol.signoff.stamp;
    }
  }

  async function load() {
    patrol = await api(`/api/patrols/${encodeURIComponent(id)}`);
    // times in the site's zone; the default zone (named) if the site cannot be read
    zone ??= (await api(`/api/sites/${encodeURIComponent(patrol.siteId)}`).catch(() => null))?.timeZone ?? null;
    render();
  }

  // the signature pad: pointer events cover mouse, pen and touch
  function setUpPad() {
    const pad = $('pad');
    const ctx = pad.getContext('2d');
    ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.strokeStyle = '#111';
    const at = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * (pad.width / r.width), (e.clientY - r.top) * (pad.height / r.height)]; };
    let down = false;
    pad.addEventListener('pointerdown', (e) => { down = true; pad.setPointerCapture(e.pointerId); ctx.beginPath(); ctx.moveTo(...at(e)); });
    pad.addEventListener('pointermove', (e) => { if (!down) return; ctx.lineTo(...at(e)); ctx.stroke(); drawn = true; });
    pad.addEventListener('pointerup', () => { down = false; });
    $('clear').addEventListener('click', () => { ctx.clearRect(0, 0, pad.width, pad.height); drawn = false; });
  }

  const readFile = (file) => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

  const download = (kind) => window.Vigil.download(token, `/api/patrols/${encodeURIComponent(id)}/report.${kind}`, `patrol-${id}.${kind}`);

  async function main() {
    for (const b of document.querySelectorAll('.lang-switch')) b.addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('vigil.lang', lang); render(); });
    render();
    if (!token) { say(t('noToken')); return; }
    setUpPad();
    $('start').addEventListener('click', act(async () => { await api(`/api/patrols/${encodeURIComponent(id)}/start`, { method: 'POST' }); await load(); }));
    $('submit').addEventListener('click', act(async () => { await api(`/api/patrols/${encodeURIComponent(id)}/submit`, { method: 'POST' }); await load(); }));
    $('csv').addEventListener('click', act(() => download('csv')));
    $('pdf').addEventListener('click', act(() => download('pdf')));
    $('sign-form').addEventListener('submit', act(async (e) => {
      e.preventDefault();
      if (!drawn) throw new Error(t('drawFirst'));
      const form = new FormData(e.target);
      const stampFile = form.get('stamp');
      const body = {
        signerName: form.get('signerName'), signerTitle: form.get('signerTitle'), signature: $('pad').toDataURL('image/png'),
        stamp: stampFile && stampFile.size > 0 ? await readFile(stampFile) : undefined,
      };
      await api(`/api/patrols/${encodeURIComponent(id)}/sign`, { method: 'POST', body: JSON.stringify(body) });
      await load();
    }));
    try {
      me = await api('/api/auth/me');
      await load();
    } catch (err) {
      say(err.message);
    }
  }

  void main();
})();
