// Accessibility checks run in the page (Selenium's executeScript); each returns what failed, so a test can list it.
// WCAG 2.1 AA contrast: 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold).
function channel(c) { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }
function luminance(rgb) { return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]); }
function parse(color) {
  const m = color.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
// The colour behind an element: its own and its ancestors' backgrounds, composited over white. null if an image
// (a gradient) is behind it, which this check cannot read.
function background(el) {
  const layers = [];
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.backgroundImage && s.backgroundImage !== 'none') return null;
    const c = parse(s.backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] === 1) break; }
  }
  return layers.reverse().reduce((under, layer) => over(layer, under), [255, 255, 255, 1]);
}
function describe(el) {
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
}
function contrastFailures() {
  const failures = [];
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!text || el.closest('script,style,noscript,[hidden]') || el.getClientRects().length === 0) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
    const bg = background(el);
    if (!bg) continue;
    const fg = over(parse(s.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(describe(el) + ' "' + text.slice(0, 30) + '" ' + ratio.toFixed(2) + ':1 < ' + needed + ':1');
  }
  return failures;
}
// The controls a keyboard can reach, in document order: what Tab must visit, in that order.
function tabbable() {
  return [...document.querySelectorAll('a[href],button,input,select,textarea,summary,[tabindex]')]
    .filter(e => !e.disabled && e.tabIndex >= 0 && e.type !== 'hidden' && e.getClientRects().length > 0
      && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden],details:not([open]) > :not(summary)'))
    .map(describeFocus);
}
function describeFocus(e) {
  return describe(e) + (e.name ? '[name=' + e.name + ']' : '') + (e.getAttribute('href') ? '[href=' + e.getAttribute('href') + ']' : '')
    + ' ' + (e.textContent || e.value || '').trim().slice(0, 20);
}
// What has focus now, and whether the focus can be seen (an outline or a ring).
function focused() {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return { what: describeFocus(e), visible: visible, positive: e.tabIndex > 0 };
}
