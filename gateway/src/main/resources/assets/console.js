// The consoles: the writer's, the moderator's and the operator's pages over the gateway's JSON API, signed in by the
// session cookie with the page's anti-forgery token. Everything shown is set as text, never as HTML, except the
// Markdown preview, which content-service renders and sanitizes.
(() => {
  const root = document.getElementById('console');
  if (!root) return;
  const csrf = root.dataset.csrf;
  const call = (method, path, body) => fetch(path, {
    method, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: body === undefined ? undefined : JSON.stringify(body)
  }).then(r => r.status === 204 ? null : r.json().then(j => r.ok ? j : Promise.reject(j)));
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const $ = id => document.getElementById(id);
  const say = (id, message) => { $(id).textContent = message; };
  const problem = p => (p && (p.detail || p.title)) || 'That did not work.';

  // ---- writer ----
  function write() {
    const form = $('editor');
    let timer, editing = null;
    const preview = () => call('POST', '/api/preview', { body: $('w-body').value })
      .then(p => { $('w-preview').innerHTML = p.html; }).catch(() => {});
    $('w-body').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(preview, 300); });
    const fill = a => {
      const set = (id, v) => { $(id).value = v == null ? '' : v; };
      set('w-title', a.title); set('w-dek', a.dek); set('w-section', a.section); set('w-body', a.bodyMarkdown);
      set('w-question', a.poll && a.poll.question); set('w-options', a.poll ? a.poll.options.map(o => o.label).join('\n') : '');
      set('w-promo', a.promo && a.promo.text); set('w-promo-link', a.promo && a.promo.link);
      set('w-read-next', (a.readNext || []).join(', ')); set('w-reason', ''); set('w-at', '');
    };
    // Editing keeps what this form does not show (tags, cover, SEO, the promotion's prices, the poll's closing time).
    const edit = id => call('GET', '/api/articles/' + encodeURIComponent(id)).then(a => {
      editing = a;
      fill(a);
      preview();
      $('w-editing-title').textContent = a.title + ' (' + a.status + ', revision ' + a.revision + ')';
      [$('w-editing'), $('w-reason-row'), $('w-history')].forEach(e => { e.hidden = false; });
      $('w-diff').replaceChildren();
      revisions();
      $('w-title').focus();
    }).catch(p => say('w-status', problem(p)));
    $('w-new').addEventListener('click', () => {
      editing = null;
      form.reset();
      $('w-preview').replaceChildren();
      [$('w-editing'), $('w-reason-row'), $('w-history')].forEach(e => { e.hidden = true; });
    });
    // The log is a read model: a revision just saved may reach it a moment later.
    const revisions = (tries = 0) => call('GET', '/api/articles/' + encodeURIComponent(editing.id) + '/revisions').then(list => {
      if ((!list.items.length || list.items[0].number < editing.revision) && tries < 20) return setTimeout(() => revisions(tries + 1), 250);
      $('w-revisions').replaceChildren(...list.items.map(r => {
        const li = el('li', 'Revision ' + r.number + ' · ' + new Date(r.at).toLocaleString() + ' · ' + (r.reason || 'no note') + ' · ' + r.title + ' ');
        if (r.number !== editing.revision) {
          li.append(button('Compare with now', () => compare(r.number, editing.revision)), ' ',
            button('Restore', () => call('POST', '/api/articles/' + encodeURIComponent(editing.id) + '/revisions/' + r.number + '/restore')
              .then(a => { say('w-status', 'Restored revision ' + r.number + ' as revision ' + a.revision + '.'); edit(a.id); })
              .catch(p => say('w-status', problem(p)))));
        }
        return li;
      }));
    }).catch(p => say('w-status', problem(p)));
    const compare = (from, to) => call('GET', '/api/articles/' + encodeURIComponent(editing.id) + '/revisions/compare?from=' + from + '&to=' + to)
      .then(d => {
        const fields = el('ul');
        d.fields.forEach(f => fields.append(el('li', f.field + ': ' + (f.from || '—') + ' → ' + (f.to || '—'))));
        const body = el('pre', undefined, 'diff');
        d.bodyDiff.forEach(line => body.append(el('span', line + '\n', line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : '')));
        $('w-diff').replaceChildren(el('h3', 'Revision ' + d.from + ' → ' + d.to), fields, body);
      }).catch(p => say('w-status', problem(p)));
    form.addEventListener('submit', e => {
      e.preventDefault();
      const action = e.submitter ? e.submitter.value : 'draft';
      const f = new FormData(form);
      const options = String(f.get('options') || '').split('\n').map(s => s.trim()).filter(Boolean);
      const kept = editing || {};
      const article = {
        title: f.get('title'), dek: f.get('dek') || null, section: f.get('section') || null, body: f.get('body'),
        tags: kept.tags || null, cover: kept.cover || null, seo: kept.seo || null,
        poll: f.get('question') ? { question: f.get('question'), options, closesAt: kept.poll ? kept.poll.closesAt : null } : null,
        promo: f.get('promoText') ? Object.assign({}, kept.promo, { text: f.get('promoText'), link: f.get('promoLink') || null }) : null,
        readNext: String(f.get('readNext') || '').split(',').map(s => s.trim()).filter(Boolean)
      };
      const at = f.get('publishAt');
      const saved = editing
        ? call('PUT', '/api/articles/' + encodeURIComponent(editing.id), { article, reason: f.get('reason') || null })
        : call('POST', '/api/articles', article);
      saved.then(a => {
        if (action !== 'publish' || a.status === 'published') return a;
        return at ? call('POST', '/api/articles/' + encodeURIComponent(a.id) + '/schedule', { publishAt: new Date(at).toISOString() })
          : call('POST', '/api/articles/' + encodeURIComponent(a.id) + '/publish');
      }).then(a => {
        say('w-status', (a.status === 'published' ? 'Published: /articles/' + a.slug : 'Saved (' + a.status + ')') + ', revision ' + a.revision + '.');
        lists();
        if (editing) edit(a.id);
      }).catch(p => say('w-status', problem(p)));
    });
    const item = (a, ...actions) => {
      const li = el('li', a.title + ' ');
      actions.forEach(x => li.append(x, ' '));
      return li;
    };
    const lists = () => {
      call('GET', '/api/drafts').then(list => $('w-drafts').replaceChildren(...list.items.map(a => item(a,
        button('Edit', () => edit(a.id)),
        button('Publish now', () => call('POST', '/api/articles/' + encodeURIComponent(a.id) + '/publish')
          .then(() => { say('w-status', 'Published: /articles/' + a.slug); lists(); }).catch(p => say('w-status', problem(p)))))))).catch(() => {});
      call('GET', '/api/articles?limit=50').then(list => $('w-published').replaceChildren(...list.items.map(a => item(a,
        button('Edit', () => edit(a.id)),
        button('Stats', () => { $('w-stats-id').value = a.id; $('w-stats-go').click(); }))))).catch(() => {});
    };
    lists();
    $('w-stats-go').addEventListener('click', () => {
      const id = encodeURIComponent($('w-stats-id').value);
      Promise.all([call('GET', '/api/articles/' + id + '/counters'), call('GET', '/api/articles/' + id + '/history')])
        .then(([c, h]) => { stats(c); $('w-stats').prepend(chart(h.hours)); })
        .catch(p => $('w-stats').replaceChildren(el('p', problem(p))));
    });
  }

  // Views and readers per hour as an inline SVG (no library, no inline style), with the numbers in a table beside it.
  function chart(hours) {
    const figure = el('figure', undefined, 'chart');
    if (!hours.length) { figure.append(el('p', 'No views yet.', 'hint')); return figure; }
    const svgNs = 'http://www.w3.org/2000/svg';
    const node = (tag, attrs) => { const n = document.createElementNS(svgNs, tag); Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, v)); return n; };
    const W = 640, H = 200, pad = 30, hour = 3600e3;
    const first = Date.parse(hours[0].hour), last = Date.parse(hours[hours.length - 1].hour);
    // One slot per hour from the first to the last: views as a bar in it, readers as a dot joined by a line.
    const slots = (last - first) / hour + 1, slot = (W - 2 * pad) / slots, top = Math.max(1, ...hours.map(h => Math.max(h.views, h.readers)));
    const x = t => pad + slot * ((t - first) / hour + 0.5), y = v => H - pad - (H - 2 * pad) * v / top;
    const svg = node('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', class: 'chart-svg' });
    const title = node('title', {});
    const peak = hours.reduce((a, b) => b.views > a.views ? b : a);
    title.textContent = 'Views and readers per hour, ' + new Date(first).toLocaleString() + ' to ' + new Date(last).toLocaleString()
      + '; most views in one hour: ' + peak.views + ' at ' + new Date(peak.hour).toLocaleString() + '.';
    svg.append(title, node('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: 'axis' }));
    const width = Math.min(24, Math.max(1, slot * 0.7));
    hours.forEach(h => {
      const t = Date.parse(h.hour);
      svg.append(node('rect', { x: (x(t) - width / 2).toFixed(1), y: y(h.views).toFixed(1), width: width.toFixed(1), height: (H - pad - y(h.views)).toFixed(1), class: 'bar' }));
    });
    // Hours left out had no one: the readers' line goes down to zero there rather than across.
    const points = [];
    let previous = null;
    hours.forEach(h => {
      const t = Date.parse(h.hour);
      if (previous !== null && t - previous > hour) points.push([x(previous + hour), y(0)], [x(t - hour), y(0)]);
      points.push([x(t), y(h.readers)]);
      previous = t;
    });
    svg.append(node('polyline', { points: points.map(p => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' '), class: 'line' }));
    hours.forEach(h => svg.append(node('circle', { cx: x(Date.parse(h.hour)).toFixed(1), cy: y(h.readers).toFixed(1), r: 4, class: 'dot' })));
    const label = (text, attrs) => { const t = node('text', attrs); t.textContent = text; return t; };
    svg.append(label(String(top), { x: 2, y: pad, class: 'tick' }), label('0', { x: 2, y: H - pad, class: 'tick' }),
      label(new Date(first).toLocaleDateString(), { x: pad, y: H - 8, class: 'tick' }),
      label(new Date(last).toLocaleDateString(), { x: W - pad, y: H - 8, class: 'tick end' }));
    const legend = el('figcaption');
    legend.append(el('span', 'Views', 'key views'), ' (bars) and ', el('span', 'readers', 'key readers'), ' (dots) per hour');
    const table = el('table');
    table.append(el('caption', 'Hour by hour'));
    const head = el('tr');
    ['Hour', 'Views', 'Readers'].forEach(h => head.append(el('th', h)));
    table.append(head);
    hours.forEach(h => { const tr = el('tr'); tr.append(el('td', new Date(h.hour).toLocaleString()), el('td', String(h.views)), el('td', String(h.readers))); table.append(tr); });
    const details = el('details');
    details.append(el('summary', 'The numbers'), table);
    figure.append(svg, legend, details);
    return figure;
  }

  function button(label, onClick) {
    const b = el('button', label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function stats(c) {
    const rows = [['Views', c.views], ['Total reach', c.reach], ['Reading now', c.readingNow], ['Active 24h', c.active24h],
      ['Shares', c.shares], ['Inbound', c.inbound], ['Comments', c.comments]];
    const dl = el('dl', undefined, 'stats');
    rows.forEach(([k, v]) => dl.append(el('dt', k), el('dd', String(v))));
    const list = (title, map) => {
      const section = el('section');
      section.append(el('h3', title));
      const ul = el('ul');
      Object.entries(map || {}).forEach(([k, v]) => ul.append(el('li', k + ': ' + v)));
      section.append(ul);
      return section;
    };
    const parts = [dl, list('Reactions', c.reactions), list('Shares by channel', c.sharesByChannel), list('Top inbound domains', c.inboundByDomain)];
    if (c.poll) parts.push(list('Poll: ' + c.poll.question, Object.fromEntries(c.poll.options.map(o => [o.label, o.votes]))));
    $('w-stats').replaceChildren(...parts);
  }

  // ---- moderator ----
  function moderate() {
    let queue = 'pending', items = [], at = 0;
    const status = m => say('m-status', m);
    const load = () => call('GET', '/api/moderation/comments?status=' + queue).then(list => {
      items = list.items;
      at = Math.min(at, Math.max(0, items.length - 1));
      render();
    }).catch(p => status(problem(p)));
    function render() {
      $('m-queue').replaceChildren(...items.map((c, i) => {
        const li = el('li', undefined, i === at ? 'selected' : '');
        li.tabIndex = 0;
        li.dataset.id = c.id;
        li.append(el('p', c.authorName, 'author'), el('p', c.body, 'text'));
        if (c.heldFor && c.heldFor.length) li.append(el('p', 'Held for: ' + c.heldFor.join(', '), 'hint'));
        if (queue === 'pending' || queue === 'reported') {
          const approve = el('button', 'Approve');
          approve.type = 'button';
          approve.dataset.action = 'approve';
          approve.addEventListener('click', () => decide(i, 'approve'));
          const reject = el('button', 'Reject');
          reject.type = 'button';
          reject.dataset.action = 'reject';
          reject.addEventListener('click', () => decide(i, 'reject'));
          li.append(approve, ' ', reject);
        }
        li.addEventListener('focus', () => { at = i; context(); });
        return li;
      }));
      if (!items.length) $('m-queue').append(el('li', 'Nothing here.', 'hint'));
      context();
    }
    function context() {
      const c = items[at];
      if (!c) return $('m-context').replaceChildren();
      call('GET', '/api/moderation/comments/' + encodeURIComponent(c.id) + '/context').then(x => {
        const parts = [el('h2', 'In context'), el('p', 'On article ' + (x.article ? x.article.title || x.article.id || '' : c.articleId))];
        if (x.parent) parts.push(el('p', 'Replying to ' + x.parent.authorName + ': ' + x.parent.body, 'hint'));
        const history = el('ul');
        (x.authorHistory || []).forEach(h => history.append(el('li', '[' + h.status + '] ' + h.body)));
        parts.push(el('h3', c.authorName + "'s other comments"), history);
        const ban = el('button', 'Ban ' + c.authorName);
        ban.type = 'button';
        ban.addEventListener('click', () => call('POST', '/api/moderation/accounts/' + encodeURIComponent(c.authorId) + '/ban',
          { reason: 'abuse', until: null }).then(() => status(c.authorName + ' is banned.')).catch(p => status(problem(p))));
        parts.push(ban);
        $('m-context').replaceChildren(...parts);
      }).catch(() => $('m-context').replaceChildren());
    }
    const log = () => call('GET', '/api/moderation/moderators/' + encodeURIComponent(root.dataset.account) + '/decisions')
      .then(list => $('m-log').replaceChildren(...list.items.map(d => el('li', new Date(d.at).toLocaleString() + ' — ' + d.action
        + ' ' + d.commentId + (d.reason ? ' (' + d.reason + ')' : '') + (d.note ? ': ' + d.note : ''))))).catch(() => {});
    function decide(i, action) {
      const c = items[i];
      if (!c) return;
      const body = action === 'reject' ? { reason: $('m-reason') ? $('m-reason').value : 'other', note: null } : undefined;
      call('POST', '/api/moderation/comments/' + encodeURIComponent(c.id) + '/' + action, body)
        .then(() => { status((action === 'approve' ? 'Approved' : 'Rejected') + ': ' + c.authorName); load(); setTimeout(log, 1000); })
        .catch(p => status(problem(p)));
    }
    document.querySelectorAll('[data-queue]').forEach(b => b.addEventListener('click', () => {
      queue = b.dataset.queue;
      at = 0;
      document.querySelectorAll('[data-queue]').forEach(x => x.setAttribute('aria-pressed', String(x === b)));
      load();
    }));
    const reasons = el('select');
    reasons.id = 'm-reason';
    ['spam', 'abuse', 'off-topic', 'personal information', 'misinformation', 'other'].forEach(r => reasons.append(new Option(r, r)));
    const label = el('label', 'Reason to reject ');
    label.append(reasons);
    $('m-status').before(label);
    document.addEventListener('keydown', e => {
      if (e.target.matches('input, textarea, select')) return;
      if (e.key === 'a') decide(at, 'approve');
      else if (e.key === 'r') decide(at, 'reject');
      else if (e.key === 'j' || e.key === 'k') {
        at = Math.max(0, Math.min(items.length - 1, at + (e.key === 'j' ? 1 : -1)));
        render();
        const li = $('m-queue').children[at];
        if (li) li.focus();
      }
    });
    load();
    log();
    // The log is a projection of the decisions: it may trail a decision by a moment.
    setInterval(() => { load(); log(); }, 5000);
  }

  // ---- operator ----
  function operate() {
    const program = () => call('GET', '/api/admin/sms/program').then(p => {
      $('o-program').replaceChildren(el('p', p.subscribers + ' numbers on the list, ' + p.waiting + ' waiting for the first text. Sending window '
        + p.windowStart + '–' + p.windowEnd + ' in each recipient\'s time.'));
      const sp = p.spend;
      if (sp) {
        $('o-program').append(el('p', 'Confirmations today: ' + sp.confirmationsToday + (sp.dailyConfirmationCap ? ' of ' + sp.dailyConfirmationCap : '')
          + (sp.confirmationsWaiting ? ' — the rest wait for tomorrow' : '') + '. Spent this month: ' + sp.spentThisMonth.toFixed(2) + ' '
          + sp.currency + (sp.monthlyBudget ? ' of ' + sp.monthlyBudget.toFixed(2) : '') + (sp.budgetReached ? ' — the budget is spent; every text waits' : '') + '.',
          sp.confirmationsWaiting || sp.budgetReached ? 'bad' : undefined));
      }
      if (p.providerFailing) {
        // Nothing is sent and nobody is unsubscribed until the account works again or someone resumes.
        const f = p.providerFailing;
        const resume = el('button', 'Resume sending');
        resume.type = 'button';
        resume.addEventListener('click', () => call('POST', '/api/admin/sms/program/resume')
          .then(() => { say('o-status', 'Sending resumed.'); program(); }).catch(e => say('o-status', problem(e))));
        $('o-program').append(el('p', 'Sending is held: ' + f.provider + ' answered ' + f.reason + ' at ' + new Date(f.since).toLocaleString()
          + ', which blames the account or its configuration. Fix it; sending resumes by itself once the account answers.', 'bad'), resume);
      }
      $('o-live').checked = p.live;
    }).catch(p => say('o-status', problem(p)));
    $('o-live').addEventListener('change', e => call('PUT', '/api/admin/sms/program', { live: e.target.checked })
      .then(() => { say('o-status', e.target.checked ? 'The program is live.' : 'The program is off: sign-ups wait.'); program(); })
      .catch(p => say('o-status', problem(p))));
    const campaigns = () => call('GET', '/api/admin/campaigns').then(list => $('o-campaigns').replaceChildren(...list.items.map(c => {
      const li = el('li');
      li.append(el('p', (c.title || c.articleId) + ' — ' + c.status, 'title'));
      const bar = el('progress');
      bar.max = Math.max(c.total, 1);
      bar.value = c.sent + c.failed + c.skipped + c.cancelled + c.ambiguous;
      li.append(bar, el('p', c.sent + ' of ' + Math.max(c.total, 0) + ' sent · ' + c.delivered + ' delivered · ' + c.failed + ' failed · '
        + c.deferred + ' deferred · ' + c.textsPerSecond.toFixed(1) + ' texts/s' + (c.etaSeconds != null ? ' · about ' + c.etaSeconds + ' s left' : '')));
      ['pause', 'resume', 'cancel'].forEach(action => {
        const b = el('button', action[0].toUpperCase() + action.slice(1));
        b.type = 'button';
        b.addEventListener('click', () => call('POST', '/api/admin/campaigns/' + encodeURIComponent(c.articleId) + '/' + action)
          .then(campaigns).catch(p => say('o-status', problem(p))));
        li.append(b, ' ');
      });
      return li;
    }))).catch(p => say('o-status', problem(p)));
    const health = () => call('GET', '/api/admin/health').then(h => $('o-health').replaceChildren(...h.services.map(x =>
      el('li', x.name + ': ' + (x.up ? 'answering (' + x.millis + ' ms)' : 'not answering'), x.up ? 'ok' : 'bad')))).catch(() => {});
    program();
    campaigns();
    health();
    setInterval(campaigns, 5000);
    setInterval(program, 15000);
    setInterval(health, 10000);
  }

  ({ write, moderate, operate })[root.dataset.console]();
})();
