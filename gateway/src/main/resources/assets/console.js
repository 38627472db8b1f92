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
    let timer;
    $('w-body').addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => call('POST', '/api/preview', { body: $('w-body').value })
        .then(p => { $('w-preview').innerHTML = p.html; }).catch(() => {}), 300);
    });
    form.addEventListener('submit', e => {
      e.preventDefault();
      const action = e.submitter ? e.submitter.value : 'draft';
      const f = new FormData(form);
      const options = String(f.get('options') || '').split('\n').map(s => s.trim()).filter(Boolean);
      const article = {
        title: f.get('title'), dek: f.get('dek') || null, section: f.get('section') || null, body: f.get('body'),
        poll: f.get('question') ? { question: f.get('question'), options } : null,
        promo: f.get('promoText') ? { text: f.get('promoText'), link: f.get('promoLink') || null } : null,
        readNext: String(f.get('readNext') || '').split(',').map(s => s.trim()).filter(Boolean)
      };
      const at = f.get('publishAt');
      call('POST', '/api/articles', article).then(a => {
        if (action !== 'publish') return a;
        return at ? call('POST', '/api/articles/' + encodeURIComponent(a.id) + '/schedule', { publishAt: new Date(at).toISOString() })
          : call('POST', '/api/articles/' + encodeURIComponent(a.id) + '/publish');
      }).then(a => {
        say('w-status', a.status === 'published' ? 'Published: /articles/' + a.slug : 'Saved (' + a.status + ').');
        drafts();
      }).catch(p => say('w-status', problem(p)));
    });
    const drafts = () => call('GET', '/api/drafts').then(list => $('w-drafts').replaceChildren(...list.items.map(a => {
      const li = el('li', a.title + ' ');
      const publish = el('button', 'Publish now');
      publish.type = 'button';
      publish.addEventListener('click', () => call('POST', '/api/articles/' + encodeURIComponent(a.id) + '/publish')
        .then(() => { say('w-status', 'Published: /articles/' + a.slug); drafts(); }).catch(p => say('w-status', problem(p))));
      li.append(publish);
      return li;
    }))).catch(() => {});
    drafts();
    $('w-stats-go').addEventListener('click', () => call('GET', '/api/articles/' + encodeURIComponent($('w-stats-id').value) + '/counters')
      .then(stats).catch(p => $('w-stats').replaceChildren(el('p', problem(p)))));
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
    setInterval(health, 10000);
  }

  ({ write, moderate, operate })[root.dataset.console]();
})();
