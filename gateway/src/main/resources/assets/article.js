// The article page's live parts: taps, the poll, shares, "reading now" heartbeats and live counters (Server-Sent
// Events). Reading, signing up and commenting work without it. Everything shown is set as text, never as HTML.
(() => {
  const article = document.getElementById('article');
  if (!article) return;
  const id = article.dataset.article;
  const api = '/api/articles/' + encodeURIComponent(id);
  const headers = { 'Content-Type': 'application/json', 'X-Maproom-Page-Token': article.dataset.pageToken };
  const post = (path, body) => fetch(api + path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' })
    .then(r => r.ok ? r.json() : r.json().then(p => Promise.reject(p)));
  const text = (el, value) => { if (el) el.textContent = value; };
  let mine = { reactions: [], vote: null };
  let shown = null;
  let comments = null;

  // Counters: every number on the page from one snapshot. A tap shows at once; the next snapshot reconciles it.
  function show(c) {
    shown = c;
    document.querySelectorAll('[data-counter]').forEach(el => text(el, String(c[el.dataset.counter] ?? '—')));
    document.querySelectorAll('[data-reaction]').forEach(el => text(el, String((c.reactions || {})[el.dataset.reaction] || 0)));
    showPoll(c.poll);
    if (comments !== null && c.comments !== comments) refreshComments();
    comments = c.comments;
  }

  function showPoll(poll) {
    if (!poll || mine.vote === null) return;
    document.querySelectorAll('.poll .vote').forEach(b => {
      const o = poll.options.find(x => x.id === b.dataset.option) || { votes: 0 };
      const pct = poll.votes ? Math.round(100 * o.votes / poll.votes) : 0;
      const result = b.parentElement.querySelector('.result');
      result.hidden = false;
      result.querySelector('.bar').style.width = pct + '%';
      text(result.querySelector('.pct'), pct + '% (' + o.votes + ')');
      b.setAttribute('aria-pressed', String(b.dataset.option === mine.vote));
    });
    text(document.querySelector('.poll-status'), poll.votes + (poll.votes === 1 ? ' vote' : ' votes') + '. You may change yours until the poll closes.');
  }

  function choices(c) {
    mine = { reactions: c.reactions || [], vote: c.vote ?? null };
    document.querySelectorAll('.reaction').forEach(b => b.setAttribute('aria-pressed', String(mine.reactions.includes(b.dataset.kind))));
    if (shown) showPoll(shown.poll);
  }

  document.querySelectorAll('.reaction').forEach(b => {
    b.disabled = false;
    b.addEventListener('click', () => {
      const held = b.getAttribute('aria-pressed') !== 'true';
      const n = b.querySelector('.n');
      const was = Number(n.textContent) || 0;
      b.setAttribute('aria-pressed', String(held));
      text(n, String(Math.max(0, was + (held ? 1 : -1))));
      post('/reactions', { kind: b.dataset.kind, held }).then(choices).catch(() => {
        b.setAttribute('aria-pressed', String(!held));
        text(n, String(was));
      });
    });
  });

  document.querySelectorAll('.poll .vote').forEach(b => {
    b.disabled = false;
    b.addEventListener('click', () => post('/votes', { optionId: b.dataset.option })
      .then(choices).then(() => fetch(api + '/counters')).then(r => r.json()).then(show)
      .catch(p => text(document.querySelector('.poll-status'), (p && p.detail) || 'Your vote did not go through; try again.')));
  });

  // Shares: the plain links still work; the script counts the click, copies the link, or opens the share sheet.
  const status = document.querySelector('.share-status');
  const url = article.dataset.url;
  const count = channel => post('/shares', { channel }).then(show).catch(() => {});
  document.querySelectorAll('[data-share]').forEach(el => {
    const channel = el.dataset.share;
    if (channel === 'copy-link' && navigator.clipboard) el.hidden = false;
    if (channel === 'native' && navigator.share) el.hidden = false;
    el.addEventListener('click', () => {
      if (channel === 'copy-link') navigator.clipboard.writeText(url).then(() => { text(status, 'Link copied.'); count(channel); });
      else if (channel === 'native') navigator.share({ title: document.title, url }).then(() => count(channel)).catch(() => {});
      else count(channel);
    });
  });

  // Comments appear live: when the count moves, the list is fetched again and rebuilt from text.
  function refreshComments() {
    const section = document.getElementById('comments');
    const list = section && section.querySelector('.comment-list');
    if (!list) return;
    fetch(api + '/comments?order=' + encodeURIComponent(section.dataset.order)).then(r => r.json()).then(page => {
      list.replaceChildren(...page.items.map(c => {
        const li = document.createElement('li');
        li.className = c.parentId ? 'comment reply' : 'comment';
        li.id = 'c-' + c.id;
        const author = document.createElement('p');
        author.className = 'author';
        author.textContent = c.authorName;
        const body = document.createElement('p');
        body.className = 'text';
        body.textContent = c.body;
        li.append(author, body);
        return li;
      }));
      const empty = section.querySelector('.notice.empty');
      if (empty) empty.hidden = page.items.length > 0;
    }).catch(() => {});
  }

  // Reading now: a heartbeat every 20 s while the tab is visible.
  const beat = () => { if (document.visibilityState === 'visible') post('/heartbeats', {}).then(show).catch(() => {}); };
  beat();
  setInterval(beat, 20000);
  document.addEventListener('visibilitychange', beat);

  fetch(api + '/choices', { credentials: 'same-origin' }).then(r => r.ok ? r.json() : null).then(c => c && choices(c)).catch(() => {});
  // One stream while the page is shown; closed when the reader leaves, so that it never holds one of the
  // browser's few connections to the site while the next page loads.
  let live = null;
  const listen = () => {
    if (!window.EventSource || live) return;
    live = new EventSource(api + '/live');
    live.addEventListener('counters', e => show(JSON.parse(e.data)));
  };
  window.addEventListener('pagehide', () => { if (live) live.close(); live = null; });
  window.addEventListener('pageshow', listen);
  listen();
})();
