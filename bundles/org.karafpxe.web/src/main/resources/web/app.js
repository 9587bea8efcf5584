/* Karaf PXE operator console: plain JavaScript, no libraries.
 * Every string from the server is put in the page with textContent or setAttribute, never as HTML:
 * names, GUIDs and reasons can come from machines on a hostile boot network. */
'use strict';

(function () {
  const MARK = { 'X-Requested-With': 'karaf-pxe' };
  const LIVE_WINDOW_MS = 10 * 60 * 1000;
  const MAX_STEPS = 40;
  const CHART_POINTS = 150;          // 5 minutes of stats events, one every 2 s
  const DONE_FADE_MS = 30000;
  const STALE_TRANSFER_MS = 120000;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const state = {
    session: null, canWrite: false, events: null, eventsOpened: false, timers: [], reconnect: 0,
    skew: 0,                         // browser clock minus server clock, in ms
    machines: new Map(), seen: new Set(), liveRenderQueued: false,
    transfers: new Map(),
    devices: [], editing: null, taskFor: null,
    architectures: [], policy: null, bootFiles: {}, policyDirty: false,
    providersAt: 0, providersBusy: false,
    prevStats: null, series: {}, charts: {},
    changeTimer: 0, loggedInOnce: false
  };

  /* ---------- small helpers ---------- */

  const $ = (id) => document.getElementById(id);

  /** Creates an element; attrs: class, text, on<event> handlers, anything else as an attribute. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  const td = (value, cls, title) => el('td', { class: cls, title }, value === null || value === undefined || value === '' ? '—' : String(value));

  function button(text, label, onclick, needsWrite, cls) {
    return el('button', { type: 'button', class: cls, 'aria-label': label, disabled: needsWrite && !state.canWrite, onclick }, text);
  }

  function fillBody(bodyId, rows, emptyText) {
    const body = $(bodyId);
    if (rows.length) { body.replaceChildren(...rows); return; }
    const columns = body.parentElement.tHead ? body.parentElement.tHead.rows[0].cells.length : 1;
    body.replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText)));
  }

  /** Like fillBody, but keeps the row of an item that did not change (same key, same signature):
   * no flicker, no lost focus, and references to rows stay valid while the data stands still. */
  function syncBody(bodyId, items, key, build, emptyText, signature) {
    const body = $(bodyId);
    if (!items.length) { fillBody(bodyId, [], emptyText); return; }
    const old = new Map();
    for (const tr of body.rows) if (tr.rowKey !== undefined) old.set(tr.rowKey, tr);
    const sign = signature || ((item) => JSON.stringify(item) + state.canWrite);
    items.forEach((item, index) => {
      const k = String(key(item));
      const sig = sign(item);
      let tr = old.get(k);
      if (!tr || tr.rowSig !== sig) {
        const fresh = build(item);
        fresh.rowKey = k;
        fresh.rowSig = sig;
        if (tr) tr.replaceWith(fresh);
        tr = fresh;
      }
      if (body.rows[index] !== tr) body.insertBefore(tr, body.rows[index] || null);
    });
    while (body.rows.length > items.length) body.rows[items.length].remove();
  }

  function fmtTime(v) {
    if (v === null || v === undefined || v === '') return '—';
    const d = new Date(v);
    if (isNaN(d.getTime())) return String(v);
    return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString()
      : d.toLocaleDateString() + ' ' + d.toLocaleTimeString();
  }

  function fmtBytes(n) {
    n = Number(n) || 0;
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? Math.round(n) : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function fmtNumber(n, digits) {
    if (typeof n !== 'number' || !isFinite(n)) return n === null || n === undefined ? '—' : String(n);
    return n.toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 2 : digits });
  }

  const short = (s, n) => { s = String(s); return s.length > n ? s.slice(0, n - 1) + '…' : s; };
  const value = (id) => $(id).value.trim();
  const serverNow = () => Date.now() - state.skew;
  const enc = encodeURIComponent;

  function say(id, text, isError) {
    const line = $(id);
    line.textContent = text || '';
    line.classList.toggle('error', !!isError);
  }

  /** Shows a failure in a message line (or the page's message line); a 401 already showed the login. */
  function fail(id, err) {
    if (err && err.status === 401) return;
    say(id || 'app-message', err && err.message ? err.message : String(err), true);
  }

  /** Runs a change: on success clears the message line, then after(result); on failure shows the server's sentence. */
  async function act(lineId, call, after) {
    try {
      const result = await call();
      say(lineId, '');
      if (after) await after(result);
      return true;
    } catch (e) {
      fail(lineId, e);
      return false;
    }
  }

  /* ---------- HTTP ---------- */

  class HttpError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(method, path, body, contentType) {
    const headers = Object.assign({ Accept: 'application/json' }, MARK);
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
      payload = contentType ? body : JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      throw new HttpError(0, 'The server cannot be reached (' + e.message + ').');
    }
    const date = Date.parse(res.headers.get('Date') || '');
    if (date && !state.prevStats) state.skew = Date.now() - date;
    const text = res.status === 204 ? '' : await res.text();
    let data = null;
    if (text) { try { data = JSON.parse(text); } catch (e) { data = text; } }
    if (!res.ok) {
      const message = data && typeof data === 'object' && data.error ? String(data.error)
        : 'The server answered ' + res.status + ' ' + res.statusText + '.';
      if (res.status === 401) showLogin(message);
      throw new HttpError(res.status, message);
    }
    return data;
  }

  /* ---------- login and session ---------- */

  function showLogin(message) {
    stopLive();
    const wasHidden = $('login-panel').hidden;
    state.session = null;
    $('app').hidden = true;
    $('nav').hidden = true;
    $('session-box').hidden = true;
    $('login-panel').hidden = false;
    say('login-error', message && state.loggedInOnce ? message : '', true);
    $('login-password').value = '';
    if (wasHidden) $('login-user').focus();
  }

  async function login(ev) {
    ev.preventDefault();
    $('login-submit').disabled = true;
    try {
      const session = await api('POST', '/api/session', { user: value('login-user'), password: $('login-password').value });
      startApp(session);
    } catch (e) {
      say('login-error', e.message, true);
    } finally {
      $('login-submit').disabled = false;
    }
  }

  async function logout() {
    try { await api('DELETE', '/api/session'); } catch (e) { /* logged out anyway */ }
    state.loggedInOnce = false;
    showLogin('');
  }

  function startApp(session) {
    stopLive();
    state.session = session;
    state.loggedInOnce = true;
    state.canWrite = session.canWrite === true;
    $('login-panel').hidden = true;
    $('app').hidden = false;
    $('nav').hidden = false;
    $('session-box').hidden = false;
    const roles = Array.isArray(session.roles) && session.roles.length ? ' (' + session.roles.join(', ') + ')' : '';
    $('user-name').textContent = String(session.user) + roles;
    $('readonly-note').hidden = state.canWrite;
    document.body.classList.toggle('readonly', !state.canWrite);
    for (const c of document.querySelectorAll('.write')) c.disabled = !state.canWrite;
    say('login-error', '');
    say('app-message', '');
    state.policyDirty = false;
    state.machines.clear(); state.seen.clear(); state.transfers.clear();
    for (const body of $('app').querySelectorAll('tbody')) body.replaceChildren();
    loadAll();
    startLive();
    state.timers.push(setInterval(pruneLive, 15000));
    state.timers.push(setInterval(fadeTransfers, 2000));
    state.timers.push(setInterval(() => { if (Date.now() - state.providersAt > 4500) refresh(loadProviders); }, 5000));
    state.timers.push(setInterval(() => refresh(loadPending), 10000));
  }

  const refresh = (loader, lineId) => loader().catch((e) => fail(lineId, e));

  function loadAll() {
    refreshAfterChange();
    [loadArchitectures, loadProviders, loadRequests, loadTransfers, loadCounters].forEach((loader) => refresh(loader));
  }

  /* ---------- live events ---------- */

  function setLiveState(text, cls) {
    const s = $('live-state');
    s.textContent = text;
    s.className = 'live-state ' + cls;
  }

  function startLive() {
    if (state.events) state.events.close();
    clearTimeout(state.reconnect);
    setLiveState('connecting…', 'connecting');
    const es = new EventSource('/api/events');
    state.events = es;
    es.addEventListener('open', () => {
      setLiveState('live', 'open');
      if (state.eventsOpened) { refresh(loadRequests); refresh(loadTransfers); refreshAfterChange(); }
      state.eventsOpened = true;
    });
    es.addEventListener('error', () => {
      if (state.events !== es) return;
      setLiveState('disconnected', 'closed');
      if (es.readyState === EventSource.CLOSED) reconnectLater(es, 3000);
    });
    es.addEventListener('refused', (e) => {
      const data = parse(e.data);
      setLiveState('disconnected', 'closed');
      say('app-message', 'Live events refused: ' + (data && data.error ? data.error : 'by the server'), true);
      reconnectLater(es, 30000);
    });
    const handlers = { decision: addDecision, transfer: updateTransfer, fetch: addFetch, change: onChange, stats: onStats };
    for (const [name, handle] of Object.entries(handlers)) {
      es.addEventListener(name, (e) => { const data = parse(e.data); if (data) handle(data); });
    }
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  /** The browser gave up (e.g. the session ended): check the session, then open a new stream. */
  function reconnectLater(es, delay) {
    es.close();
    if (state.events === es) state.events = null;
    clearTimeout(state.reconnect);
    state.reconnect = setTimeout(async () => {
      if (!state.session) return;
      try {
        await api('GET', '/api/session');
        startLive();
      } catch (e) {
        if (e.status !== 401) reconnectLater(es, 5000);
      }
    }, delay);
  }

  function stopLive() {
    if (state.events) state.events.close();
    state.events = null;
    state.eventsOpened = false;
    clearTimeout(state.reconnect);
    state.timers.forEach(clearInterval);
    state.timers = [];
    setLiveState('disconnected', 'closed');
  }

  function onChange(c) {
    if (c.mac && (c.action === 'task-taken' || c.action === 'task-done')) {
      addStep(c.mac, { kind: 'task', action: c.action, key: 'task|' + c.at + '|' + c.action, t: Date.parse(c.at) });
    }
    say('app-message', 'Changed at ' + fmtTime(c.at) + ' by ' + (c.actor || '?') + ': ' + (c.action || '') + ' ' + (c.subject || ''));
    clearTimeout(state.changeTimer);
    state.changeTimer = setTimeout(refreshAfterChange, 300);
  }

  function refreshAfterChange() {
    refresh(loadDevices, 'device-error');
    refresh(loadGuids, 'ban-error');
    refresh(loadPending, 'pending-message');
    refresh(() => loadPolicy(false), 'policy-message');
    refresh(loadAudit);
  }

  /* ---------- booting now ---------- */

  async function loadRequests() {
    const list = await api('GET', '/api/requests?n=200');
    if (Array.isArray(list)) list.forEach(addDecision);
    const ended = await api('GET', '/api/tftp/transfers?n=256');
    if (Array.isArray(ended)) ended.slice().reverse().forEach((t) => attachTransfer(t, Date.parse(t.ended)));
    try {
      const fetches = await api('GET', '/api/http/fetches?n=256');
      if (Array.isArray(fetches)) fetches.slice().reverse().forEach(addFetch);
    } catch (e) {
      if (e.status !== 503) throw e;      // no HTTP boot-file server: no fetch steps
    }
  }

  /** An HTTP request from a machine the server could name by MAC: a script fetch, a boot file, a task done. */
  function addFetch(f) {
    if (!f.mac) return;
    addStep(f.mac, { kind: 'fetch', path: f.path, what: f.kind, status: f.status, bytes: f.bytes, ms: f.ms,
      key: 'fetch|' + f.time + '|' + f.client + '|' + f.path + '|' + f.status, t: Date.parse(f.time) });
  }

  /** A step known by its key (once only), added to a machine already seen booting. */
  function addStep(mac, step) {
    const m = state.machines.get(mac);
    if (!m || !(step.t > serverNow() - LIVE_WINDOW_MS) || state.seen.has(step.key)) return;
    state.seen.add(step.key);
    m.steps.push(step);
    m.steps.sort((a, b) => a.t - b.t);
    if (m.steps.length > MAX_STEPS) m.steps.splice(0, m.steps.length - MAX_STEPS);
    m.version = (m.version || 0) + 1;
    queueLiveRender();
  }

  const decisionKey = (d) => [d.time, d.mac, d.port, d.client, d.outcome, d.decidedBy].join('|');

  function addDecision(d) {
    const t = Date.parse(d.time);
    if (!(t > serverNow() - LIVE_WINDOW_MS)) return;
    const key = decisionKey(d);
    if (state.seen.has(key)) return;
    state.seen.add(key);
    const id = d.mac || (d.guid ? 'guid ' + d.guid : 'unknown');
    let m = state.machines.get(id);
    if (!m) {
      m = { id, mac: d.mac || null, guid: null, arch: null, steps: [], last: 0 };
      state.machines.set(id, m);
    }
    m.version = (m.version || 0) + 1;
    m.steps.push(Object.assign({}, d, { t }));
    m.steps.sort((a, b) => a.t - b.t);
    if (m.steps.length > MAX_STEPS) m.steps.splice(0, m.steps.length - MAX_STEPS);
    if (t >= m.last) {
      m.last = t;
      if (d.guid) m.guid = d.guid;
      if (d.arch) m.arch = d.arch;
    } else {
      m.guid = m.guid || d.guid || null;
      m.arch = m.arch || d.arch || null;
    }
    queueLiveRender();
  }

  function pruneLive() {
    const limit = serverNow() - LIVE_WINDOW_MS;
    state.seen.clear();
    for (const [id, m] of state.machines) {
      const kept = m.steps.filter((s) => s.t >= limit);
      if (kept.length !== m.steps.length) m.version++;
      m.steps = kept;
      if (!m.steps.length) state.machines.delete(id);
      else m.steps.forEach((s) => state.seen.add(s.key || decisionKey(s)));
    }
    queueLiveRender();
  }

  function queueLiveRender() {
    if (state.liveRenderQueued) return;
    state.liveRenderQueued = true;
    setTimeout(renderLive, 250);
  }

  function renderLive() {
    state.liveRenderQueued = false;
    const machines = [...state.machines.values()].sort((a, b) => b.last - a.last);
    syncBody('live-body', machines, (m) => m.id, machineRow, 'No machine has asked to boot in the last 10 minutes.',
      (m) => String(m.version));
    $('live-count').textContent = machines.length === 1 ? '1 machine' : machines.length + ' machines';
  }

  function machineRow(m) {
    const clients = [...new Set(m.steps.filter((s) => s.client).map((s) => s.client))];
    const groups = [];                 // repeated identical steps (retries) become one chip "×n"
    for (const s of m.steps) {
      if (s.kind === 'transfer' || s.kind === 'fetch' || s.kind === 'task') {
        groups.push({ other: s });
        continue;
      }
      const text = stepText(s);
      const last = groups[groups.length - 1];
      if (last && !last.other && last.text === text && last.step.bootFile === s.bootFile
          && last.step.reason === s.reason) {
        last.count++;
        last.step = s;
      } else {
        groups.push({ text, step: s, count: 1 });
      }
    }
    return el('tr', { 'data-mac': m.mac },
      td(m.mac, 'mono'), td(m.guid, 'mono small'), td(m.arch), td(clients.join(' → ')),
      el('td', { class: 'steps' }, ...groups.map((g) => g.other ? otherChip(g.other)
        : stepChip(g.step, g.text, g.count))),
      td(fmtTime(m.last), 'nowrap'));
  }

  /** The words of a step: "67 offer ipxe", "4011 ack policy", "iPXE script → task", "exit 1". */
  function stepText(d) {
    const by = d.decidedBy || '?';
    if (d.client === 'iPXE') return d.outcome === 'SERVICE' ? 'iPXE script → ' + by : 'exit 1';
    const verbs = { 67: 'offer', 4011: 'ack', 547: 'advertise' };
    const verb = d.outcome === 'SERVICE' ? (verbs[d.port] || 'answer') : 'ignore';
    return d.port + ' ' + verb + ' ' + by;
  }

  function stepChip(d, text, count) {
    const service = d.outcome === 'SERVICE';
    const detail = service ? d.bootFile : d.reason;
    const title = [
      fmtTime(d.t) + ' · port ' + d.port + ' · ' + d.client + (d.ipv6 ? ' (IPv6)' : ''),
      d.outcome + ' by ' + (d.decidedBy || '?'),
      d.bootFile ? 'boot file: ' + d.bootFile : null,
      d.reason ? 'reason: ' + d.reason : null,
      typeof d.ms === 'number' ? 'decided in ' + d.ms.toFixed(2) + ' ms' : null
    ].filter(Boolean).join('\n');
    return el('span', { class: 'step ' + (service ? 'step-service' : 'step-ignore'), 'data-port': d.port, title },
      text + (count > 1 ? ' ×' + count : ''), detail ? el('small', null, ' ' + short(detail, 32)) : null);
  }

  /* ---------- TFTP transfers ---------- */

  async function loadTransfers() {
    const list = await api('GET', '/api/tftp/sessions');
    if (Array.isArray(list)) list.forEach(updateTransfer);
    if (!state.transfers.size) fillBody('transfers-body', [], 'No TFTP transfer right now.');
  }

  function updateTransfer(t) {
    if (!t || !t.id) return;
    let row = state.transfers.get(t.id);
    if (!row) {
      const empty = $('transfers-body').querySelector('tr.empty');
      if (empty) empty.remove();
      row = { tr: el('tr', { 'data-transfer': t.id }), doneAt: 0 };
      state.transfers.set(t.id, row);
      $('transfers-body').prepend(row.tr);
    }
    const percent = Number(t.percent);
    const progress = el('progress', { max: 100, 'aria-label': 'Progress of ' + t.file + ' to ' + t.client });
    if (percent >= 0) progress.value = percent;
    else if (t.state === 'done') progress.value = 100;
    const total = Number(t.totalBytes) >= 0 ? ' of ' + fmtBytes(t.totalBytes) : '';
    row.tr.replaceChildren(
      td(t.file, 'mono'), td(t.client, 'mono'),
      el('td', { class: 'nowrap' }, progress, ' ', percent >= 0 ? fmtNumber(percent, 1) + ' %' : ''),
      td(fmtBytes(t.bytesSent) + total, 'nowrap'),
      td(fmtBytes(t.bytesPerSecond) + '/s', 'nowrap'),
      td(t.state));
    row.updatedAt = Date.now();
    attachTransfer(t);
    if (t.state === 'done') {
      if (!row.doneAt) row.doneAt = Date.now();
    } else {
      row.doneAt = 0;
      row.tr.classList.remove('fade');
    }
  }

  /** A transfer whose client the server could name by MAC becomes a step of that machine. */
  function attachTransfer(t, at) {
    const m = t.mac ? state.machines.get(t.mac) : null;
    if (!m) return;
    let s = m.steps.find((x) => x.kind === 'transfer' && x.id === t.id);
    if (!s) {
      s = { kind: 'transfer', id: t.id, t: at || serverNow() };
      m.steps.push(s);
      m.steps.sort((a, b) => a.t - b.t);
    }
    Object.assign(s, { file: t.file, percent: Number(t.percent), state: t.state, outcome: t.outcome });
    m.version = (m.version || 0) + 1;
    queueLiveRender();
  }

  function otherChip(s) {
    if (s.kind === 'transfer') return transferChip(s);
    if (s.kind === 'task') {
      const done = s.action === 'task-done';
      return el('span', { class: 'step step-task', 'data-step': s.action,
        title: fmtTime(s.t) + (done ? ' · the task called back: done, cleared' : ' · a one-shot task served, cleared') },
      done ? 'task done' : 'task taken');
    }
    const ok = s.status >= 200 && s.status < 300;
    const label = s.what === 'script' ? 'script' : s.what === 'callback' ? 'callback' : short(s.path, 24);
    return el('span', { class: 'step step-fetch' + (ok ? '' : ' step-ignore'), 'data-step': 'fetch-' + s.what,
      title: fmtTime(s.t) + ' · HTTP ' + s.path + ' · ' + s.status + ' · ' + fmtNumber(s.bytes, 0) + ' bytes in '
        + fmtNumber(s.ms, 1) + ' ms' },
    'HTTP ' + label + ' ' + s.status);
  }

  function transferChip(s) {
    const progress = el('progress', { max: 100, 'aria-label': 'Progress of ' + s.file });
    if (s.percent >= 0) progress.value = s.percent;
    else if (s.state === 'done') progress.value = 100;
    const ended = s.state === 'done' ? ' ' + (s.outcome || 'done') : '';
    return el('span', { class: 'step step-transfer', 'data-transfer': s.id,
      title: 'TFTP ' + s.file + (s.percent >= 0 ? ' · ' + fmtNumber(s.percent, 1) + ' %' : '') + ended },
    'TFTP ' + short(s.file, 24) + ended + ' ', progress);
  }

  function fadeTransfers() {
    const now = Date.now();
    for (const [id, row] of state.transfers) {
      if (!row.doneAt && now - row.updatedAt > STALE_TRANSFER_MS) row.doneAt = now - DONE_FADE_MS;   // no news: gone
      if (!row.doneAt || now - row.doneAt < DONE_FADE_MS) continue;
      if (!row.tr.classList.contains('fade')) {
        row.tr.classList.add('fade');
      } else if (now - row.doneAt > DONE_FADE_MS + 2500) {
        row.tr.remove();
        state.transfers.delete(id);
      }
    }
    if (!state.transfers.size && !$('transfers-body').rows.length) {
      fillBody('transfers-body', [], 'No TFTP transfer right now.');
    }
  }

  /* ---------- devices ---------- */

  async function loadDevices() {
    const q = value('device-search');
    const list = await api('GET', '/api/devices' + (q ? '?q=' + enc(q) : ''));
    state.devices = Array.isArray(list) ? list : [];
    syncBody('devices-body', state.devices, (d) => d.name, deviceRow, q ? 'No device matches.' : 'No device yet.');
  }

  function taskSummary(task) {
    if (!task) return '—';
    return (task.program ? 'program ' + task.program : 'script') + (task.oneShot ? ' (one shot)' : '');
  }

  function deviceRow(d) {
    return el('tr', { 'data-device': d.name },
      td(d.name, 'strong'), td(d.mac, 'mono'), td(d.guid, 'mono small'), td(d.group),
      td(d.bootProgram, 'mono', d.referralServer ? 'referral server: ' + d.referralServer : null),
      td(taskSummary(d.task), null, d.task && d.task.script ? d.task.script : null),
      td(fmtTime(d.lastSeen), 'nowrap'),
      el('td', { class: 'actions' },
        button('Edit', 'Edit ' + d.name, () => openEdit(d), true),
        button('Task…', 'Set or clear the task of ' + d.name, () => openTask(d), true),
        button('Remove', 'Remove ' + d.name, () => removeDevice(d), true, 'danger')));
  }

  async function addDevice(ev) {
    ev.preventDefault();
    const ids = ['device-name', 'device-mac', 'device-guid', 'device-group', 'device-boot-program'];
    const body = {
      name: value('device-name'), mac: value('device-mac') || null, guid: value('device-guid') || null,
      group: value('device-group') || null, bootProgram: value('device-boot-program') || null
    };
    if (await act('device-error', () => api('POST', '/api/devices', body), loadDevices)) {
      ids.forEach((id) => { $(id).value = ''; });
    }
  }


  async function removeDevice(d) {
    if (!confirm('Remove the device "' + d.name + '"? Its task goes with it.')) return;
    await act('device-error', () => api('DELETE', '/api/devices/' + enc(d.name)), loadDevices);
  }


  async function importDevices() {
    const file = $('device-import-file').files[0];
    say('device-import-message', '');
    if (!file) { say('device-error', 'Choose a CSV file to import first.', true); return; }
    await act('device-error', async () => api('POST', '/api/devices/import', await file.text(), 'text/csv'), (r) => {
      say('device-import-message', r && r.message ? r.message
        : (r ? r.added + ' added, ' + r.updated + ' updated, ' + r.unchanged + ' unchanged.' : 'Imported.'));
      $('device-import-file').value = '';
      return loadDevices();
    });
  }


  const openDialog = (dialog) => { if (!dialog.open) dialog.showModal(); };
  const closeDialog = (dialog) => dialog.close();

  function openEdit(d) {
    state.editing = d;
    $('edit-title').textContent = 'Edit device ' + d.name;
    $('edit-mac').value = d.mac || '';
    $('edit-guid').value = d.guid || '';
    $('edit-group').value = d.group || '';
    $('edit-boot-program').value = d.bootProgram || '';
    $('edit-referral').value = d.referralServer || '';
    say('edit-error', '');
    openDialog($('edit-dialog'));
    $('edit-mac').focus();
  }

  async function saveEdit(ev) {
    ev.preventDefault();
    const d = state.editing;
    const body = {
      mac: value('edit-mac'), guid: value('edit-guid'), group: value('edit-group'),
      bootProgram: value('edit-boot-program'), referralServer: value('edit-referral')
    };
    if (d && await act('edit-error', () => api('PUT', '/api/devices/' + enc(d.name), body), loadDevices)) {
      closeDialog($('edit-dialog'));
    }
  }


  function openTask(d) {
    state.taskFor = d;
    $('task-title').textContent = 'Task for ' + d.name;
    $('task-script').value = d.task && d.task.script ? d.task.script : '';
    $('task-program').value = d.task && d.task.program ? d.task.program : '';
    ['task-chain', 'task-kernel', 'task-initrd', 'task-cmdline'].forEach(id => { $(id).value = ''; });
    $('task-oneshot').checked = d.task ? d.task.oneShot !== false : true;
    $('task-clear').disabled = !d.task;
    say('task-error', '');
    openDialog($('task-dialog'));
    $('task-script').focus();
  }

  async function saveTask(ev) {
    ev.preventDefault();
    const d = state.taskFor;
    const script = $('task-script').value;
    const program = value('task-program');
    const oneShot = $('task-oneshot').checked;
    const chain = value('task-chain');
    const kernel = value('task-kernel');
    let body;
    if (script.trim()) body = { script, oneShot };
    else if (program) body = { program, oneShot };
    else if (chain) body = { chain, oneShot };
    else if (kernel) body = { kernel, initrd: value('task-initrd') || null, cmdline: value('task-cmdline') || null, oneShot };
    else { say('task-error', 'Write a script, a boot program, a URL to chain or a kernel, or clear the task.', true); return; }
    if (d && await act('task-error', () => api('PUT', '/api/devices/' + enc(d.name) + '/task', body), loadDevices)) {
      closeDialog($('task-dialog'));
    }
  }


  async function clearTask() {
    const d = state.taskFor;
    if (d && await act('task-error', () => api('DELETE', '/api/devices/' + enc(d.name) + '/task'), loadDevices)) {
      closeDialog($('task-dialog'));
    }
  }


  /* ---------- GUIDs: duplicates and bans ---------- */

  async function loadGuids() {
    const [duplicates, banned] = await Promise.all([api('GET', '/api/duplicate-guids'), api('GET', '/api/banned-guids')]);
    syncBody('duplicates-body', duplicates || [], (g) => g.guid, (g) => el('tr', { 'data-guid': g.guid },
      td(g.guid, 'mono small'), td((g.macs || []).join(', '), 'mono small'), td(fmtTime(g.lastSeen), 'nowrap'),
      el('td', { class: 'actions' }, g.banned ? 'banned'
        : button('Ban…', 'Ban the GUID ' + g.guid, () => prepareBan(g), true))), 'No GUID is shared.');
    syncBody('banned-body', banned || [], (b) => b.guid, (b) => el('tr', { 'data-guid': b.guid },
      td(b.guid, 'mono small'), td(b.reason), td(fmtTime(b.since), 'nowrap'),
      el('td', { class: 'actions' }, button('Unban', 'Unban the GUID ' + b.guid, () => unban(b.guid), true))),
    'No GUID is banned.');
  }

  function prepareBan(g) {
    $('ban-guid').value = g.guid;
    $('ban-reason').value = 'shared by ' + (g.macs || []).length + ' machines';
    $('ban-reason').focus();
  }

  async function ban(ev) {
    ev.preventDefault();
    const body = { guid: value('ban-guid'), reason: value('ban-reason') };
    if (await act('ban-error', () => api('POST', '/api/banned-guids', body), loadGuids)) {
      $('ban-guid').value = '';
      $('ban-reason').value = '';
    }
  }


  const unban = (guid) => act('ban-error', () => api('DELETE', '/api/banned-guids/' + enc(guid)), loadGuids);


  /* ---------- pending approvals ---------- */

  async function loadPending() {
    const active = document.activeElement;
    if (active && active.matches('#pending-body input')) return;   // do not wipe a name being typed
    const names = {};
    for (const input of $('pending-body').querySelectorAll('input[data-id]')) names[input.dataset.id] = input.value;
    const list = await api('GET', '/api/pending');
    const items = Array.isArray(list) ? list : [];
    syncBody('pending-body', items, (p) => p.id, (p) => pendingRow(p, names[String(p.id)] || ''), 'No machine waits for approval.');
    const waiting = items.filter((p) => p.state === 'pending').length;
    $('nav-pending-count').textContent = String(waiting);
    $('nav-pending-count').hidden = waiting === 0;
  }

  function pendingRow(p, typedName) {
    const name = el('input', { type: 'text', 'data-id': p.id, placeholder: 'name (optional)', spellcheck: 'false',
      'aria-label': 'Name for the device made from ' + p.mac, class: 'narrow', disabled: !state.canWrite });
    name.value = typedName;
    return el('tr', { 'data-pending': p.id, class: 'state-' + p.state },
      td(p.mac, 'mono'), td(p.guid, 'mono small'), td(p.architecture),
      td(p.address ? p.address + (p.relay ? ' via ' + p.relay : '') : null, 'mono'),
      td(fmtTime(p.firstSeen), 'nowrap'), td(fmtTime(p.lastSeen), 'nowrap'), td(p.requests, 'num'), td(p.state),
      el('td', { class: 'actions' }, name,
        button('Approve', 'Approve ' + p.mac, () => approve(p, name.value.trim()), true, 'primary'),
        p.state === 'rejected' ? null : button('Reject', 'Reject ' + p.mac, () => pendingAction(p, 'POST', '/reject', 'Rejected '), true),
        button('Delete', 'Delete the entry of ' + p.mac, () => pendingAction(p, 'DELETE', '', 'Deleted the entry of '), true, 'danger')));
  }

  const approve = (p, name) => act('pending-message', () => api('POST', '/api/pending/' + enc(p.id) + '/approve', name ? { name } : {}),
    (r) => {
      say('pending-message', 'Approved ' + p.mac + (r && r.device ? ' as device ' + r.device.name : '') + '.');
      return Promise.all([loadPending(), loadDevices()]);
    });


  const pendingAction = (p, method, suffix, done) => act('pending-message', () => api(method, '/api/pending/' + enc(p.id) + suffix),
    () => { say('pending-message', done + p.mac + '.'); return loadPending(); });


  /* ---------- policy ---------- */

  async function loadArchitectures() {
    const list = await api('GET', '/api/architectures');
    state.architectures = Array.isArray(list) ? list.map(String) : [];
    const arch = $('explain-arch');
    const chosen = arch.value;
    arch.replaceChildren(el('option', { value: '' }, '(not given)'),
      ...state.architectures.map((a) => el('option', { value: a }, a)));
    arch.value = chosen;
    renderBootFiles();
  }

  async function loadPolicy(force) {
    if (state.policyDirty && !force) return;
    const p = await api('GET', '/api/policy');
    state.policy = p || {};
    state.policyDirty = false;
    $('policy-mode').value = state.policy.mode || 'all';
    $('policy-delay').value = String(state.policy.delaySecs || 0);
    $('policy-approval').checked = state.policy.approval === true;
    state.bootFiles = Object.assign({}, state.policy.bootFiles || {});
    renderBootFiles();
  }

  function policyChanged() {
    state.policyDirty = true;
    say('policy-message', 'Unsaved changes.');
  }

  function renderBootFiles() {
    const archs = Object.keys(state.bootFiles).sort();
    fillBody('bootfiles-body', archs.map((arch) => {
      const input = el('input', { type: 'text', class: 'wide', spellcheck: 'false', 'aria-label': 'Boot file for ' + arch,
        disabled: !state.canWrite, oninput: (e) => { state.bootFiles[arch] = e.target.value; policyChanged(); } });
      input.value = state.bootFiles[arch] || '';
      return el('tr', { 'data-arch': arch }, el('th', { scope: 'row', class: 'mono' }, arch), el('td', null, input),
        el('td', { class: 'actions' }, button('Remove', 'Remove the boot file for ' + arch, () => {
          delete state.bootFiles[arch]; policyChanged(); renderBootFiles();
        }, true)));
    }), 'No boot file per architecture.');
    const choices = [...new Set(state.architectures.concat(['ipxe']))].filter((a) => !(a in state.bootFiles));
    $('policy-bootfile-arch').replaceChildren(...choices.map((a) => el('option', { value: a }, a)));
  }

  function addBootFile() {
    const arch = $('policy-bootfile-arch').value;
    const path = value('policy-bootfile-path');
    if (!arch || !path) { say('policy-message', 'Choose an architecture and write a boot file.', true); return; }
    state.bootFiles[arch] = path;
    $('policy-bootfile-path').value = '';
    policyChanged();
    renderBootFiles();
  }

  async function savePolicy(ev) {
    ev.preventDefault();
    const delay = Number($('policy-delay').value || '0');
    if (!Number.isInteger(delay)) { say('policy-message', 'The delay is a whole number of seconds.', true); return; }
    const bootFiles = {};
    for (const arch of Object.keys((state.policy && state.policy.bootFiles) || {})) bootFiles[arch] = null;
    for (const [arch, file] of Object.entries(state.bootFiles)) bootFiles[arch] = String(file).trim() || null;
    const body = { mode: $('policy-mode').value, delaySecs: delay, approval: $('policy-approval').checked, bootFiles };
    await act('policy-message', () => api('PUT', '/api/policy', body), async () => {
      await loadPolicy(true);
      say('policy-message', 'Policy saved at ' + new Date().toLocaleTimeString() + '.');
    });
  }

  /* ---------- chain ---------- */

  async function loadProviders() {
    if (state.providersBusy) return;
    state.providersBusy = true;
    state.providersAt = Date.now();
    try {
      const list = await api('GET', '/api/providers');
      syncBody('providers-body', list || [], (p) => p.position + ' ' + p.name, (p) => el('tr', { 'data-provider': p.name },
        td(p.position, 'num'), td(p.name, 'strong'), td(p.ranking, 'num'), td(p.bundle, 'small'),
        td(p.service, 'num'), td(p.ignore, 'num'), td(p.pass, 'num'),
        td(p.errors, p.errors > 0 ? 'num warn' : 'num'), td(p.timeouts, p.timeouts > 0 ? 'num warn' : 'num')),
      'No provider is running.');
    } finally {
      state.providersBusy = false;
    }
  }

  async function runExplain(ev) {
    ev.preventDefault();
    const body = { mac: value('explain-mac'), ipxe: $('explain-ipxe').checked, port: Number($('explain-port').value) };
    if (value('explain-guid')) body.guid = value('explain-guid');
    if ($('explain-arch').value) body.arch = $('explain-arch').value;
    const out = $('explain-result');
    $('explain-run').disabled = true;
    try {
      const r = await api('POST', '/api/explain', body);
      const steps = (r.steps || []).map((s) => el('tr', { class: 'outcome-' + String(s.outcome).toLowerCase() },
        td(s.provider, 'strong'), td(s.ranking, 'num'), td(s.outcome), td(s.reason),
        td(typeof s.ms === 'number' ? s.ms.toFixed(3) : s.ms, 'num')));
      const table = el('table', { class: 'grid compact', 'aria-label': 'Steps of the explained decision' },
        el('thead', null, el('tr', null, ...['Provider', 'Ranking', 'Outcome', 'Reason', 'ms'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', null, ...steps));
      out.replaceChildren(
        el('p', { class: 'outcome outcome-' + String(r.outcome).toLowerCase() }, r.outcome + ' by ' + (r.decidedBy || '?') + ': ' + (r.reason || '')),
        r.bootFile ? el('p', { class: 'mono' }, 'Boot file: ' + r.bootFile) : null,
        table);
    } catch (e) {
      if (e.status !== 401) out.replaceChildren(el('p', { class: 'error' }, e.message));
    } finally {
      $('explain-run').disabled = false;
    }
  }

  /* ---------- counters and charts ---------- */

  const num = (o, k) => (o && typeof o[k] === 'number' ? o[k] : 0);
  const sumPrefix = (o, prefix) => Object.keys(o || {}).filter((k) => k.startsWith(prefix)).reduce((s, k) => s + num(o, k), 0);

  const CHARTS = [
    { key: 'received', label: 'DHCP received /s', rate: true, get: (d) => num(d, 'received') },
    { key: 'answers', label: 'Offers + acks /s', rate: true, get: (d) => num(d, 'answered.offer') + num(d, 'answered.ack') },
    { key: 'ignored', label: 'Ignored /s', rate: true, get: (d) => sumPrefix(d, 'ignored.') },
    { key: 'dropped', label: 'Dropped /s', rate: true, get: (d) => sumPrefix(d, 'dropped.') },
    { key: 'tftpBytes', label: 'TFTP bytes/s', rate: true, format: (v) => fmtBytes(v) + '/s', get: (d, t) => num(t, 'bytesSent') },
    { key: 'tftpActive', label: 'Active transfers', get: (d, t) => num(t, 'activeSessions') },
    { key: 'p99', label: 'Decision p99 ms', get: (d, t, s) => num(s.decisions, 'p99ms') }
  ];

  /** Draws values (oldest first) as a line over a light area; the newest point at the right edge. */
  function sparkline(svg, values, width, height) {
    const max = Math.max(0, ...values);
    const span = max || 1;
    const step = width / (CHART_POINTS - 1);
    const offset = CHART_POINTS - values.length;
    const x = (i) => ((offset + i) * step).toFixed(1);
    const y = (v) => (height - 1 - (v / span) * (height - 3)).toFixed(1);
    const points = values.map((v, i) => x(i) + ',' + y(v)).join(' ');
    const make = (tag, attrs) => {
      const n = document.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      return n;
    };
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('preserveAspectRatio', 'none');
    const parts = [make('line', { x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, class: 'axis' })];
    if (values.length > 1) {
      parts.push(make('polygon', { points: x(0) + ',' + height + ' ' + points + ' ' + x(values.length - 1) + ',' + height, class: 'area' }));
      parts.push(make('polyline', { points, class: 'line' }));
    } else if (values.length === 1) {
      parts.push(make('circle', { cx: x(0), cy: y(values[0]), r: 1.5, class: 'dot' }));
    }
    svg.replaceChildren(...parts);
    return max;
  }

  function buildCharts() {
    const box = $('charts');
    for (const c of CHARTS) {
      const current = el('strong', null, '—');
      const peak = el('span', { class: 'muted' }, '');
      const svg = document.createElementNS(SVG_NS, 'svg');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', c.label + ', last 5 minutes');
      svg.setAttribute('class', 'spark');
      box.append(el('figure', { class: 'chart', 'data-chart': c.key },
        el('figcaption', null, el('span', null, c.label), ' ', current), svg, peak));
      state.charts[c.key] = { svg, current, peak };
      state.series[c.key] = [];
    }
  }

  const dhcpCounters = (dhcp) => (dhcp && dhcp.counters && typeof dhcp.counters === 'object' ? dhcp.counters : dhcp || {});

  function onStats(s) {
    const at = Date.parse(s.at);
    const when = isNaN(at) ? serverNow() : at;
    if (!isNaN(at)) state.skew = Date.now() - at;
    const dhcp = dhcpCounters(s.dhcp);
    const tftp = s.tftp || {};
    const values = {};
    for (const c of CHARTS) values[c.key] = c.get(dhcp, tftp, s);
    const prev = state.prevStats;
    const dt = prev ? (when - prev.at) / 1000 : 0;
    for (const c of CHARTS) {
      let v = values[c.key];
      if (c.rate) {
        if (!prev || dt <= 0) continue;
        v = Math.max(0, (v - prev.values[c.key]) / dt);
      }
      const series = state.series[c.key];
      series.push(v);
      if (series.length > CHART_POINTS) series.splice(0, series.length - CHART_POINTS);
    }
    state.prevStats = { at: when, values };
    drawCharts();
    renderCounters('dhcp-counters-body', dhcp);
    renderCounters('tftp-counters-body', tftp);
    if (s.decisions) {
      $('decisions-summary').textContent = fmtNumber(s.decisions.count, 0) + ' decisions, p50 ' +
        fmtNumber(s.decisions.p50ms, 2) + ' ms, p99 ' + fmtNumber(s.decisions.p99ms, 2) + ' ms';
    }
    if (Date.now() - state.providersAt > 1500) refresh(loadProviders);
  }

  function drawCharts() {
    for (const c of CHARTS) {
      const series = state.series[c.key];
      const chart = state.charts[c.key];
      const max = sparkline(chart.svg, series, 300, 40);
      const format = c.format || ((v) => fmtNumber(v, 2));
      chart.current.textContent = series.length ? format(series[series.length - 1]) : '—';
      chart.peak.textContent = series.length ? 'max ' + format(max) : '';
    }
  }

  function renderCounters(bodyId, counters) {
    const items = Object.keys(counters).sort().map((k) => [k, counters[k]]);
    syncBody(bodyId, items, (item) => item[0], ([k, v]) => {
      const shown = typeof v === 'number' ? fmtNumber(v, 2) : v === null || v === undefined ? '—' : String(v);
      return el('tr', { 'data-counter': k }, el('th', { scope: 'row', class: 'mono' }, k), td(shown, 'num'));
    }, 'No counter yet.');
  }

  async function loadCounters() {
    const [dhcp, tftp] = await Promise.all([api('GET', '/api/dhcp/stats'), api('GET', '/api/tftp/stats')]);
    const listeners = (dhcp && dhcp.listeners) || [];
    $('dhcp-listeners').replaceChildren(...listeners.map((l) => el('li', { class: l.listening ? 'ok' : 'error' },
      (l.name || '') + ' ' + (l.address || '') + ': ' + (l.listening ? 'listening' : 'not listening') +
      (l.problem ? ' (' + l.problem + ')' : ''))));
    if (!state.prevStats) {
      renderCounters('dhcp-counters-body', dhcpCounters(dhcp));
      renderCounters('tftp-counters-body', tftp || {});
    }
  }

  /* ---------- audit ---------- */

  function auditValue(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  async function loadAudit() {
    const subject = value('audit-subject');
    const list = await api('GET', '/api/audit?n=100' + (subject ? '&subject=' + enc(subject) : ''));
    syncBody('audit-body', list || [], (a) => a.id, (a) => {
      const before = auditValue(a.before);
      const after = auditValue(a.after);
      const change = before && after ? before + ' → ' + after : after || (before ? before + ' → (removed)' : '');
      return el('tr', { 'data-audit': a.id },
        td(fmtTime(a.at), 'nowrap'), td(a.actor), td(a.action), td(a.subject, 'mono'),
        td(short(change, 160), 'small change', change.length > 160 ? change : null));
    }, 'Nothing in the audit trail.');
  }

  /* ---------- wiring ---------- */

  function debounce(fn, ms) {
    let timer = 0;
    return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function init() {
    buildCharts();
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('device-search').addEventListener('input', debounce(() => refresh(loadDevices, 'device-error'), 250));
    $('device-form').addEventListener('submit', addDevice);
    $('device-import').addEventListener('click', importDevices);
    $('edit-form').addEventListener('submit', saveEdit);
    $('edit-cancel').addEventListener('click', () => closeDialog($('edit-dialog')));
    $('task-form').addEventListener('submit', saveTask);
    $('task-clear').addEventListener('click', clearTask);
    $('task-cancel').addEventListener('click', () => closeDialog($('task-dialog')));
    $('ban-form').addEventListener('submit', ban);
    $('policy-form').addEventListener('submit', savePolicy);
    $('policy-form').addEventListener('change', (e) => {
      if (['policy-mode', 'policy-approval', 'policy-delay'].includes(e.target.id)) policyChanged();
    });
    $('policy-delay').addEventListener('input', policyChanged);
    $('policy-bootfile-add').addEventListener('click', addBootFile);
    $('policy-revert').addEventListener('click', () => loadPolicy(true).then(() => say('policy-message', ''),
      (e) => fail('policy-message', e)));
    $('explain-form').addEventListener('submit', runExplain);
    $('audit-subject').addEventListener('input', debounce(() => refresh(loadAudit), 300));
    api('GET', '/api/session').then(startApp).catch((e) => {
      if (e.status !== 401) { showLogin(); say('login-error', e.message, true); }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
