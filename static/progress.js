// Long work's progress without reloading the page: polls the page's JSON (what the work has counted) and
// updates the bar and its figures; when the work is done, opens its result. Without this script the page
// reloads itself (a <noscript> refresh) and shows the same figures.
(function () {
  'use strict';
  var box = document.querySelector('[data-progress-url]');
  if (!box) return;
  var url = box.getAttribute('data-progress-url');
  var next = box.getAttribute('data-progress-next');
  var part = function (name) { return box.querySelector('[data-progress="' + name + '"]'); };
  var lastAnnounced = 0;
  var failures = 0;

  function show(p) {
    var bar = part('bar');
    bar.max = p.max;
    bar.value = p.value;
    bar.textContent = p.percent + '%';
    part('percent').textContent = p.percent + '%';
    part('done').textContent = p.done;
    part('speed').textContent = p.speed;
    part('left').textContent = p.left;
    // A screen reader hears the figures now and then, not at every poll.
    var now = Date.now();
    if (now - lastAnnounced > 10000) {
      lastAnnounced = now;
      part('announce').textContent = p.percent + '% · ' + p.left;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (p) {
        failures = 0;
        if (p.state !== 'running') {
          window.location.assign(p.next || next);
          return;
        }
        show(p);
        setTimeout(poll, 1000);
      })
      .catch(function () {
        // The page as it would be without this script.
        if (++failures >= 3) window.location.assign(next);
        else setTimeout(poll, 2000);
      });
  }
  lastAnnounced = Date.now();
  setTimeout(poll, 1000);
})();
