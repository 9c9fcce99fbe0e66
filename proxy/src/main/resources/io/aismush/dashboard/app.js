// The aismush dashboard. Every value from the server is written with textContent, never as HTML.
'use strict';
(() => {
  const token = document.querySelector('meta[name="aismush-token"]').getAttribute('content');
  const $ = (sel) => document.querySelector(sel);
  const num = (x) => (typeof x === 'number' && isFinite(x) ? x : 0);
  const usd = (x) => '$' + num(x).toFixed(4);
  const pct = (x) => num(x).toFixed(1) + '%';
  const int = (x) => Math.round(num(x)).toLocaleString('en-US');

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function row(cells) {
    const tr = document.createElement('tr');
    for (const c of cells) tr.appendChild(c instanceof Node ? c : el('td', c));
    return tr;
  }
  async function getJson(path) {
    const r = await fetch(path, { headers: { accept: 'application/json' } });
    if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
    return r.json();
  }
  async function mutate(method, path, body) {
    const r = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-aismush-token': token },
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(method + ' ' + path + ': HTTP ' + r.status);
    return r.json();
  }

  // ---- headline ----
  const HEADLINE = [
    ['cost_usd', 'spend', usd], ['baseline_usd', 'all-Claude baseline', usd], ['savings_usd', 'saved', usd],
    ['savings_pct', 'saved %', pct], ['routing_savings_usd', 'by routing', usd],
    ['compression_savings_usd', 'by compression', usd], ['requests', 'requests', int]];
  function headline(stats) {
    for (const card of document.querySelectorAll('#headline .card')) {
      const scope = card.dataset.scope;
      const data = stats[scope] || (scope === 'totals' ? stats.since_start : null) || {};
      const dl = card.querySelector('dl');
      dl.replaceChildren();
      for (const [key, label, fmt] of HEADLINE) {
        const dd = el('dd', fmt(data[key]), key.startsWith('savings') ? 'saved' : '');
        dd.dataset.key = key;
        dd.dataset.value = String(num(data[key]));
        dl.append(el('dt', label), dd);
      }
    }
  }

  // ---- routing and health ----
  function routing(stats) {
    const byProvider = stats.providers || {};
    $('#by-provider tbody').replaceChildren(...Object.entries(byProvider).map(([p, t]) =>
      row([p, int(t.requests), usd(t.cost_usd), usd(t.savings_usd)])));
    $('#by-reason tbody').replaceChildren(...Object.entries(stats.by_route_reason || {}).map(([r, n]) => row([r, int(n)])));
  }
  async function health() {
    const h = await getJson('/health');
    $('#health tbody').replaceChildren(...Object.entries(h.providers || {}).map(([p, s]) =>
      row([p, s.breaker, pct(s.failure_rate), s.last_error || '—'])));
  }

  // ---- charts ----
  const charts = {};
  let history = []; // oldest first
  function minute(iso) { return String(iso || '').slice(0, 16).replace('T', ' '); }
  function makeCharts() {
    if (!window.Chart) return;
    const opts = { responsive: true, maintainAspectRatio: false, animation: false };
    charts.cost = new Chart($('#chart-cost'), { type: 'line', data: { labels: [], datasets: [
      { label: 'cost', data: [], borderColor: '#2f6feb' }, { label: 'all-Claude baseline', data: [], borderColor: '#c0392b' }] }, options: opts });
    charts.providers = new Chart($('#chart-providers'), { type: 'bar', data: { labels: [], datasets: [] },
      options: { ...opts, scales: { x: { stacked: true }, y: { stacked: true } } } });
    charts.tokens = new Chart($('#chart-tokens'), { type: 'doughnut', data: { labels: ['fresh input', 'cache read', 'cache write', 'output'],
      datasets: [{ data: [0, 0, 0, 0], backgroundColor: ['#2f6feb', '#12805c', '#f0a500', '#8e44ad'] }] }, options: opts });
    charts.cache = new Chart($('#chart-cache'), { type: 'line', data: { labels: [], datasets: [
      { label: 'cache hit rate %', data: [], borderColor: '#12805c' }] }, options: { ...opts, scales: { y: { min: 0, max: 100 } } } });
  }
  function drawHistory() {
    if (!charts.cost) return;
    const minutes = [], byMinute = new Map(), providers = new Set();
    let cost = 0, base = 0;
    for (const r of history) {
      const m = minute(r.started_at);
      if (!byMinute.has(m)) { byMinute.set(m, { cost: 0, base: 0, prov: {}, read: 0, all: 0 }); minutes.push(m); }
      const b = byMinute.get(m);
      cost += num(r.cost_usd); base += num(r.baseline_usd);
      b.cost = cost; b.base = base;
      const p = r.provider || 'none'; providers.add(p); b.prov[p] = (b.prov[p] || 0) + 1;
      const read = num(r.cache_read_tokens);
      b.read += read; b.all += read + num(r.input_tokens) + num(r.cache_write_5m_tokens) + num(r.cache_write_1h_tokens);
    }
    const pts = minutes.map((m) => byMinute.get(m));
    charts.cost.data.labels = minutes;
    charts.cost.data.datasets[0].data = pts.map((b) => b.cost);
    charts.cost.data.datasets[1].data = pts.map((b) => b.base);
    charts.providers.data.labels = minutes;
    charts.providers.data.datasets = [...providers].map((p) => ({ label: p, data: pts.map((b) => b.prov[p] || 0) }));
    charts.cache.data.labels = minutes;
    charts.cache.data.datasets[0].data = pts.map((b) => (b.all ? (100 * b.read) / b.all : 0));
    for (const c of [charts.cost, charts.providers, charts.cache]) c.update();
  }
  function drawTokens(stats) {
    if (!charts.tokens) return;
    const t = (stats.totals || stats.since_start || {}).tokens || stats.tokens || {};
    charts.tokens.data.datasets[0].data = [num(t.input), num(t.cache_read), num(t.cache_write_5m) + num(t.cache_write_1h), num(t.output)];
    charts.tokens.update();
  }

  // ---- recent requests ----
  function requestRow(r) {
    const tokens = num(r.input_tokens) + num(r.cache_read_tokens) + num(r.cache_write_5m_tokens) + num(r.cache_write_1h_tokens) + num(r.output_tokens);
    const tr = row([String(r.started_at || '').replace('T', ' ').slice(0, 19), r.session_id || '—',
      (r.provider || '—') + ' / ' + (r.model_served || r.model_requested || '—'), r.route_reason || '—', int(tokens),
      usd(r.cost_usd), usd(r.savings_usd), int(r.total_ms) + ' ms']);
    tr.dataset.id = r.id;
    tr.addEventListener('click', () => {
      const d = $('#detail');
      d.textContent = JSON.stringify(r, null, 2);
      d.hidden = false;
    });
    return tr;
  }
  async function recent() {
    try {
      const page = await getJson('/history?limit=200');
      history = page.requests.slice().reverse();
      $('#recent tbody').replaceChildren(...page.requests.slice(0, 50).map(requestRow));
      drawHistory();
    } catch (e) { $('#recent tbody').replaceChildren(row(['request history is off or unavailable'])); }
  }
  function arrived(r) {
    const body = $('#recent tbody');
    const tr = requestRow(r);
    tr.classList.add('fresh');
    body.prepend(tr);
    while (body.children.length > 50) body.lastChild.remove();
    history.push(r);
    if (history.length > 2000) history.shift();
    drawHistory();
    refreshSoon();
  }

  // ---- sessions ----
  async function sessions() {
    try {
      const page = await getJson('/sessions?limit=50');
      $('#sessions tbody').replaceChildren(...page.sessions.map((s) => row([s.id, s.project || '—',
        String(s.last_seen || '').replace('T', ' ').slice(0, 19), int(s.requests), usd(s.cost_usd), usd(s.baseline_usd), usd(s.savings_usd)])));
    } catch (e) { /* history off */ }
  }

  // ---- memories ----
  async function memories() {
    const q = $('#memory-q').value.trim(), project = $('#memory-project').value.trim();
    const params = new URLSearchParams({ limit: '100' });
    if (q) params.set('q', q);
    if (project) params.set('project', project);
    const status = $('#memory-status');
    try {
      const list = (await getJson('/memories?' + params)).memories;
      status.textContent = list.length + ' memories';
      $('#memories tbody').replaceChildren(...list.map((m) => {
        const del = el('button', 'Delete', 'danger');
        del.addEventListener('click', async () => {
          try { await mutate('DELETE', '/memories/' + encodeURIComponent(m.id)); await memories(); } catch (e) { status.textContent = e.message; }
        });
        const td = el('td'); td.appendChild(del);
        const tr = row([m.kind, m.project || 'global', el('td', m.text, 'memory-text'), String(m.updated_at || '').slice(0, 19), td]);
        tr.dataset.id = m.id;
        return tr;
      }));
    } catch (e) {
      status.textContent = 'memory is off or unavailable';
      $('#memories tbody').replaceChildren();
    }
  }
  $('#memory-search').addEventListener('submit', (ev) => { ev.preventDefault(); memories(); });
  $('#memory-clear').addEventListener('click', async () => {
    const project = $('#memory-project').value.trim();
    const what = project ? 'all memories of ' + project : 'ALL memories of every project';
    if (!window.confirm('Delete ' + what + '? This cannot be undone.')) return;
    try {
      const r = await mutate('POST', '/memories/clear', project ? { project } : {});
      $('#memory-status').textContent = 'cleared ' + r.cleared;
      await memories();
    } catch (e) { $('#memory-status').textContent = e.message; }
  });

  // ---- stats, refreshed when a request completes (pushed, not polled) ----
  async function stats() {
    const s = await getJson('/stats');
    headline(s);
    routing(s);
    drawTokens(s);
  }
  let pending = null;
  function refreshSoon() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; stats().catch(() => {}); sessions(); health().catch(() => {}); }, 250);
  }

  function live() {
    const badge = $('#live');
    const source = new EventSource('/events');
    source.addEventListener('open', () => { badge.textContent = 'live'; badge.classList.remove('off'); });
    source.addEventListener('error', () => { badge.textContent = 'reconnecting…'; badge.classList.add('off'); });
    source.addEventListener('request', (ev) => { try { arrived(JSON.parse(ev.data)); } catch (e) { /* malformed event */ } });
  }

  makeCharts();
  live();
  Promise.allSettled([stats(), recent(), sessions(), health(), memories()]).then(() => { document.body.dataset.ready = 'true'; });
})();
