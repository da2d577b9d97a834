// The kubediff page's script, served as a same-origin file (the CSP forbids
// inline script). It filters instantly, keeps the filter in the URL, and
// refreshes the data regions in place while keeping the reader's open
// sections and scroll position. The page works without it.
export const KUBEDIFF_PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var body = document.body;
  var form = document.getElementById('kd-filter');
  if (!form || !body) return;
  var refreshMs = Math.max(1000, Number(body.getAttribute('data-refresh-ms')) || 10000);
  var timer = null;
  var inFlight = false;
  var refreshes = 0;

  function field(name) {
    var input = form.elements.namedItem(name);
    return input && typeof input.value === 'string' ? input.value.trim() : '';
  }

  function currentFilter() {
    return { ns: field('ns').toLowerCase(), kind: field('kind').toLowerCase(), state: field('state'), health: field('health'), q: field('q').toLowerCase() };
  }

  function matches(el, f) {
    if (f.state && el.getAttribute('data-state') !== f.state) return false;
    if (f.health && el.getAttribute('data-health') !== f.health) return false;
    if (f.kind && (el.getAttribute('data-kind') || '').toLowerCase() !== f.kind) return false;
    if (f.ns && (el.getAttribute('data-ns') || '').toLowerCase() !== f.ns) return false;
    if (f.q && (el.getAttribute('data-q') || '').indexOf(f.q) === -1) return false;
    return true;
  }

  function applyFilter() {
    var f = currentFilter();
    document.querySelectorAll('[data-state]').forEach(function (el) { el.hidden = !matches(el, f); });
    document.querySelectorAll('[data-group]').forEach(function (group) {
      group.hidden = !group.querySelector('[data-state]:not([hidden])');
    });
  }

  function filterQuery() {
    var params = new URLSearchParams();
    ['ns', 'kind', 'state', 'health', 'q'].forEach(function (name) {
      var value = field(name);
      if (value) params.set(name, value);
    });
    return params.toString();
  }

  function pageUrl() {
    var query = filterQuery();
    return location.pathname + (query ? '?' + query : '');
  }

  function openStates() {
    var states = [];
    document.querySelectorAll('details[id]').forEach(function (el) { states.push([el.id, el.open]); });
    return states;
  }

  function openTarget() {
    if (!location.hash) return;
    var id = location.hash.slice(1);
    // A hand-typed #100% is not valid percent-encoding: decoding it threw and stopped the script (no refresh).
    try { id = decodeURIComponent(id); } catch (error) { /* use it as it is */ }
    var el = document.getElementById(id);
    for (; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
  }

  function swap(doc, query) {
    var states = openStates();
    var x = window.scrollX;
    var y = window.scrollY;
    document.querySelectorAll('[data-live]').forEach(function (el) {
      var fresh = doc.getElementById(el.id);
      if (fresh) el.replaceWith(document.importNode(fresh, true));
    });
    states.forEach(function (state) {
      var el = document.getElementById(state[0]);
      if (el && el.tagName === 'DETAILS') el.open = state[1];
    });
    document.title = doc.title;
    applyFilter();
    window.scrollTo(x, y);
    refreshes++;
    document.documentElement.setAttribute('data-refreshes', String(refreshes));
    document.documentElement.setAttribute('data-shown-query', query);
  }

  function schedule(ms) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  }

  // The server filters too (so a bounded page holds what the filter selects):
  // data fetched for a filter that has changed since is dropped and fetched again.
  function refresh() {
    if (inFlight || document.hidden) { schedule(refreshMs); return; }
    inFlight = true;
    var query = filterQuery();
    var outdated = false;
    fetch(pageUrl(), { cache: 'no-store', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.text();
      })
      .then(function (text) {
        body.removeAttribute('data-stale');
        if (query !== filterQuery()) { outdated = true; return; }
        swap(new DOMParser().parseFromString(text, 'text/html'), query);
      })
      .catch(function () { body.setAttribute('data-stale', 'true'); })
      .then(function () { inFlight = false; schedule(outdated ? 0 : refreshMs); });
  }

  function filterChanged() {
    // Objects not Healthy are often in sync: open their fold when health is asked for.
    var fold = document.getElementById('kd-in-sync');
    if (fold && field('health')) fold.open = true;
    applyFilter();
    history.replaceState(null, '', pageUrl() + location.hash);
    schedule(150);
  }

  form.addEventListener('input', filterChanged);
  form.addEventListener('change', filterChanged);
  form.addEventListener('submit', function (event) { event.preventDefault(); filterChanged(); });
  var reset = document.getElementById('kd-filter-reset');
  if (reset) reset.addEventListener('click', function (event) {
    event.preventDefault();
    ['ns', 'kind', 'state', 'health', 'q'].forEach(function (name) { form.elements.namedItem(name).value = ''; });
    filterChanged();
  });
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('visibilitychange', function () { if (!document.hidden) schedule(0); });
  document.documentElement.setAttribute('data-shown-query', filterQuery());
  openTarget();
  applyFilter();
  schedule(refreshMs);
})();
`;
