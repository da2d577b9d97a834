// The shared page script: refreshes the #content region in place every
// data-refresh-seconds, keeping the scroll position and which <details> are
// open, and pausing while the tab is hidden or the reader selects text. Pages
// work without it (a <noscript> meta refresh reloads them).
export const APP_SCRIPT = String.raw`'use strict';
(function () {
  var seconds = Number(document.body.getAttribute('data-refresh-seconds')) || 10;
  function openDetails(root) {
    var open = {};
    root.querySelectorAll('details[id]').forEach(function (d) { open[d.id] = d.open; });
    return open;
  }
  function refresh() {
    var content = document.getElementById('content');
    var selection = window.getSelection ? String(window.getSelection()) : '';
    if (!content || document.hidden || selection !== '') return schedule();
    fetch(location.href, { headers: { Accept: 'text/html' }, cache: 'no-store' })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html');
        var fresh = next.getElementById('content');
        if (!fresh) return;
        var open = openDetails(content);
        var x = window.scrollX, y = window.scrollY;
        content.innerHTML = fresh.innerHTML;
        content.querySelectorAll('details[id]').forEach(function (d) {
          if (Object.prototype.hasOwnProperty.call(open, d.id)) d.open = open[d.id];
        });
        document.title = next.title;
        var nextSeconds = Number(next.body.getAttribute('data-refresh-seconds'));
        if (nextSeconds > 0) seconds = nextSeconds;
        window.scrollTo(x, y);
      })
      .catch(function () { /* the server may be restarting: try again next time */ })
      .then(schedule);
  }
  function schedule() { setTimeout(refresh, seconds * 1000); }
  schedule();
})();
`;
