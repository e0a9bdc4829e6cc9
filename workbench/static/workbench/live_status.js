/* Live statuses: while a model job runs, the parts of the page that show it follow it without a reload.

   Each running job is polled through its progress endpoint (/jobs/<id>/progress/): the job panels
   (.job[data-progress-url] not finished) and the rows a job works on ([data-live-job]). When a job moves
   (its state or its count of done segments changes), the page asks the server for itself again and
   replaces each [data-live-region] with the server's fresh copy, so the words shown are the server's,
   in the reader's language, never a second copy of the rules in JavaScript. When no job on the page
   runs any more, polling stops. Included by partials wherever a job runs, so it may load twice: once
   is enough. */
(function () {
  "use strict";
  if (window.workbenchLiveStatus) return;
  window.workbenchLiveStatus = true;

  var INTERVAL = 2000;
  var seen = {}; // progress url -> "state:done" last read
  var timer = null;
  var refreshing = false;

  var runningUrls = function () {
    var urls = {};
    document.querySelectorAll(".job[data-progress-url]").forEach(function (panel) {
      if (panel.getAttribute("data-finished") !== "1") urls[panel.getAttribute("data-progress-url")] = true;
    });
    document.querySelectorAll("[data-live-job]").forEach(function (el) {
      urls[el.getAttribute("data-live-job")] = true;
    });
    return Object.keys(urls);
  };

  // The outermost regions only: a region inside another is replaced with it.
  var regions = function (root) {
    return Array.prototype.filter.call(root.querySelectorAll("[data-live-region]"), function (el) {
      return !el.parentElement || !el.parentElement.closest("[data-live-region]");
    });
  };

  var keyed = function (list) {
    var byKey = {};
    list.forEach(function (el) {
      var key = el.getAttribute("data-live-region");
      (byKey[key] = byKey[key] || []).push(el);
    });
    return byKey;
  };

  var refresh = function () {
    if (refreshing) return Promise.resolve();
    refreshing = true;
    return fetch(window.location.href, {credentials: "same-origin", cache: "no-store", headers: {"Accept": "text/html"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var fresh = keyed(regions(new DOMParser().parseFromString(html, "text/html")));
        var focused = document.activeElement;
        regions(document).forEach(function (old) {
          // Never pull a form out from under someone using it.
          if (focused && old.contains(focused) && focused.matches("input, textarea, select")) return;
          var copies = fresh[old.getAttribute("data-live-region")];
          if (!copies || !copies.length) return;
          old.replaceWith(document.importNode(copies.shift(), true));
        });
      })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { refreshing = false; });
  };

  var read = function (url) {
    return fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (job) {
        var now = job.state + ":" + job.done;
        var moved = url in seen && seen[url] !== now;
        seen[url] = now;
        return {moved: moved, finished: job.finished};
      })
      .catch(function () { return {moved: false, finished: false}; }); // a server restart is not the job's end
  };

  var tick = function () {
    var urls = runningUrls();
    if (!urls.length) { stop(); return; }
    Promise.all(urls.map(read)).then(function (results) {
      var moved = results.some(function (r) { return r.moved || r.finished; });
      if (!moved) return;
      refresh().then(function () {
        // The fresh page says what still runs: a finished job's panel and rows no longer ask to be followed.
        results.forEach(function (r, i) { if (r.finished) delete seen[urls[i]]; });
        if (!runningUrls().length) stop();
      });
    });
  };

  var stop = function () {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  };

  if (runningUrls().length) {
    timer = window.setInterval(tick, INTERVAL);
    tick();
  }
})();
