/* What every page of the console shares: building elements and downloading a file the API serves. */
window.Vigil = (() => {
  'use strict';

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      // through the CSSOM: the content security policy refuses style attributes
      else if (k === 'style') node.style.cssText = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  /** Fetches with the signed-in user's token and saves the answer as a file. */
  async function download(token, path, name) {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    el('a', { href: url, download: name }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** The zone of the demo contract: for what belongs to no site (the audit trail), and a site whose zone is unknown. */
  const DEFAULT_ZONE = 'Asia/Shanghai';

  function localParts(at, zone) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      return { zone, parts: new Intl.DateTimeFormat('en-CA', { ...options, timeZone: zone }).formatToParts(at) };
    } catch {
      return { zone: DEFAULT_ZONE, parts: new Intl.DateTimeFormat('en-CA', { ...options, timeZone: DEFAULT_ZONE }).formatToParts(at) };
    }
  }

  /**
   * The one way the pages print an instant: local time in the site's (or contract's) zone with the zone
   * named, "2027-01-01 00:00 (Asia/Shanghai)", as the documents and alerts do; the API itself speaks UTC.
   */
  function localTime(iso, zone, { withZone = true, dateOnly = false } = {}) {
    if (!iso) return '';
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return '';
    const local = localParts(at, zone || DEFAULT_ZONE);
    const p = Object.fromEntries(local.parts.map((x) => [x.type, x.value]));
    const text = dateOnly ? `${p.year}-${p.month}-${p.day}` : `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    return withZone ? `${text} (${local.zone})` : text;
  }

  return { el, download, localTime, DEFAULT_ZONE };
})();
