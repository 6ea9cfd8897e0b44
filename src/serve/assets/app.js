// tocsin serve: the dashboard page. Everything shown is built with textContent (record text is
// anyone's text); the token, when the server wants one, lives in sessionStorage only.
'use strict';

(function () {
  const meta = (name) => document.querySelector('meta[name="' + name + '"]').getAttribute('content');
  const csrf = meta('csrf-token');
  const authMode = meta('tocsin-auth');
  const serverNowMs = Date.parse(meta('server-now'));
  const loadedAt = Date.now();
  const nowMs = () => serverNowMs + (Date.now() - loadedAt);  // the server's clock, running on

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  function span(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600);
    const m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (d > 0) return d + 'd ' + h + 'h ' + m + 'm';
    if (h > 0) return h + 'h ' + m + 'm ' + s + 's';
    return m + 'm ' + s + 's';
  }

  function token() { return sessionStorage.getItem('tocsin-token') || ''; }

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    if (authMode === 'token') init.headers['Authorization'] = 'Bearer ' + token();
    const response = await fetch(path, init);
    if (response.status === 401) {
      sessionStorage.removeItem('tocsin-token');
      showSignIn('The token was refused.');
      throw new Error('unauthorised');
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
    return body;
  }

  async function post(path, body) {
    return api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body || {}),
    });
  }

  // ---- clocks -----------------------------------------------------------------------------
  function tick() {
    document.getElementById('clock').textContent = 'server time ' + new Date(nowMs()).toISOString().replace('.000', '');
    for (const cell of document.querySelectorAll('[data-deadline]')) {
      const left = (Number(cell.getAttribute('data-deadline')) - nowMs()) / 1000;
      const row = cell.closest('tr');
      if (left < 0) {
        cell.textContent = 'overdue by ' + span(-left);
        cell.className = 'countdown overdue';
        if (row && row.classList.contains('clock-row')) row.classList.add('overdue');
      } else {
        cell.textContent = 'due in ' + span(left);
        cell.className = 'countdown due';
      }
    }
  }

  function renderClocks(due) {
    const body = document.querySelector('#clocks tbody');
    body.replaceChildren();
    // Overdue first (then by deadline), whatever order the server sent.
    const sorted = due.slice().sort((a, b) => (b.overdue - a.overdue) || (Date.parse(a.deadline) - Date.parse(b.deadline)));
    for (const item of sorted) {
      const overdue = Date.parse(item.deadline) < nowMs();
      body.append(el('tr', { class: 'clock-row' + (overdue ? ' overdue' : ''), 'data-incident': item.incident },
        el('td', {}, el('a', { href: '#' + item.incident }, item.incident)),
        el('td', {}, item.clock, overdue ? el('span', { class: 'badge overdue' }, 'overdue') : null),
        el('td', { class: 'num' }, item.deadline),
        el('td', { class: 'countdown', 'data-deadline': String(Date.parse(item.deadline)) }),
        el('td', {}, item.owner + ' (' + item.role + ')'),
        el('td', {}, item.title)));
    }
    document.getElementById('clocks-empty').hidden = due.length > 0;
  }

  // ---- findings ---------------------------------------------------------------------------
  function renderFindings(scan) {
    const metaLine = document.getElementById('scan-meta');
    const levels = document.getElementById('levels');
    const body = document.querySelector('#findings tbody');
    levels.replaceChildren();
    body.replaceChildren();
    if (!scan.recorded_at) {
      metaLine.textContent = 'No scan recorded yet (tocsin scan --open-incidents records one).';
      return;
    }
    metaLine.textContent = 'Recorded ' + scan.recorded_at + (scan.complete ? '' : ' (partial scan)') + '.';
    for (const [level, count] of Object.entries(scan.by_level))
      levels.append(el('span', { class: 'badge level-' + level }, level + ': ' + count));
    for (const finding of scan.findings) {
      const deadline = finding.deadline ? Date.parse(finding.deadline) : null;
      body.append(el('tr', {},
        el('td', {}, el('span', { class: 'badge level-' + finding.level }, finding.level)),
        el('td', {}, finding.title || finding.key),
        el('td', {}, finding.incident ? el('a', { href: '#' + finding.incident }, finding.incident) : '-'),
        deadline ? el('td', { class: 'countdown', 'data-deadline': String(deadline) }) : el('td', {}, '-')));
    }
  }

  // ---- CNA --------------------------------------------------------------------------------
  function renderCna(cna) {
    const box = document.getElementById('cna');
    box.replaceChildren();
    const row = (ok, label) => el('div', { class: 'cna-row' }, el('span', { class: ok ? 'met' : 'overdue' }, ok ? '✔' : '✘'), label);
    box.append(el('p', {}, el('strong', {}, cna.ready ? 'Ready to become a CNA' : 'Not ready yet')));
    box.append(row(cna.quarters.ok, 'CVEs per quarter: ' + cna.quarters.window.map((q) => q.quarter + ' ' + q.cves).join(', ')));
    box.append(row(cna.disclosure.ok, cna.disclosure.within_90_days + ' CVE(s) disclosed within 90 days (4 needed)'));
    box.append(row(cna.contact.ok, cna.contact.channels.length + ' contact channel(s) in security.txt (2 needed)'));
    if (cna.missing.length) box.append(el('ul', { class: 'hint' }, ...cna.missing.map((m) => el('li', {}, m))));
  }

  // ---- incidents --------------------------------------------------------------------------
  function renderIncident(incident) {
    const open = incident.state === 'open';
    const card = el('article', { class: 'incident' + (open ? '' : ' closed'), id: incident.id });
    const head = el('div', { class: 'incident-head' },
      el('h3', {}, incident.id), el('span', { class: 'badge level-' + incident.severity }, incident.severity),
      el('span', {}, incident.title), el('span', { class: 'hint' }, incident.playbook + ' · ' + incident.state),
      incident.embargo ? el('span', { class: 'badge' }, 'embargoed') : null);
    if (open && !incident.milestones.acknowledged) {
      const button = el('button', { class: 'primary ack', type: 'button', 'data-id': incident.id }, 'Acknowledge');
      button.addEventListener('click', () => act(post('/api/incidents/' + incident.id + '/ack', { note: 'acknowledged from the dashboard' })));
      head.append(button);
    }
    card.append(head);
    const checklist = el('ol', { class: 'checklist' });
    for (const step of incident.steps) {
      const item = el('li', { 'data-step': step.id },
        el('span', { class: 'status status-' + step.status }, step.status), ' ', step.title,
        el('span', { class: 'hint' }, ' — ' + step.owner + ' (' + step.role + ')' + (step.by ? ', by ' + step.by : '')));
      if (open && step.status === 'pending') {
        for (const status of ['done', 'skipped']) {
          const button = el('button', { type: 'button', class: 'step-' + status }, status === 'done' ? 'Done' : 'Skip');
          button.addEventListener('click', () => act(post('/api/incidents/' + incident.id + '/steps/' + encodeURIComponent(step.id), { status: status, note: '' })));
          item.append(' ', button);
        }
      }
      checklist.append(item);
    }
    const timeline = el('ul', { class: 'timeline' });
    for (const event of incident.events) {
      let text = event.type;
      const p = event.payload || {};
      if (event.type === 'step') text = 'step ' + p.step + ' ' + p.status;
      else if (event.type === 'field-set') text = 'set ' + p.field + (p.value !== undefined ? ' = ' + p.value : '');
      else if (event.type === 'opened') text = 'opened on ' + p.playbook;
      if (p.note) text += ': ' + p.note;
      timeline.append(el('li', {}, event.time + ' ' + event.actor + ' — ' + text));
    }
    card.append(el('div', { class: 'incident-body' }, el('div', {}, el('h4', {}, 'Checklist'), checklist),
      el('div', {}, el('h4', {}, 'Timeline'), timeline)));
    return card;
  }

  async function act(promise) {
    try {
      await promise;
      await load();
    } catch (error) {
      document.getElementById('error').textContent = String(error.message || error);
    }
  }

  async function load() {
    const [me, due, list, scan] = await Promise.all([api('/api/me'), api('/api/due'), api('/api/incidents'), api('/api/findings')]);
    document.getElementById('who').textContent = me.actor ? 'signed in as ' + me.actor : '';
    renderClocks(due);
    renderFindings(scan);
    try { renderCna(await api('/api/cna')); } catch (error) { document.getElementById('cna').textContent = String(error.message); }
    // Open incidents first, newest first; closed ones after.
    const ordered = list.slice().sort((a, b) => (a.state === b.state ? b.id.localeCompare(a.id) : a.state === 'open' ? -1 : 1));
    const details = await Promise.all(ordered.map((item) => api('/api/incidents/' + encodeURIComponent(item.id))));
    const box = document.getElementById('incidents');
    box.replaceChildren(...details.map(renderIncident));
    document.getElementById('signin').hidden = true;
    document.getElementById('dashboard').hidden = false;
    document.body.setAttribute('data-loaded', 'true');
    tick();
  }

  function showSignIn(message) {
    document.getElementById('dashboard').hidden = true;
    document.getElementById('signin').hidden = false;
    document.getElementById('signin-error').textContent = message || '';
  }

  document.getElementById('signin').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('tocsin-token', document.getElementById('token').value.trim());
    document.getElementById('token').value = '';
    load().catch(() => {});
  });

  setInterval(tick, 1000);
  if (authMode === 'token' && !token()) showSignIn();
  else load().catch((error) => { document.getElementById('error').textContent = String(error.message || error); });
})();
