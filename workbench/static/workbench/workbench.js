/* Leaflet workbench: a little plain JavaScript. Every page works without it;
   this only makes it quicker (no double submits, instant reordering, live job
   progress, review keyboard shortcuts). */
(function () {
  "use strict";

  // --- Forms: confirm where asked, and never send the same form twice. ---------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (submitter && submitter.name === "op") return; // editor buttons without JS re-render the form
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    // Disable after the browser has collected the submitter's name/value.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])").forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });
  // Back/forward cache: a page restored from history must be usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[aria-disabled=true]").forEach(function (b) {
        b.disabled = false;
        b.removeAttribute("aria-disabled");
      });
    });
  });

  // The language switcher submits on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); });
  });

  // --- Segment editor: add, move, delete rows in place. ---------------------------------------------
  var editor = document.querySelector("[data-segment-editor]");
  if (editor) {
    var list = editor.querySelector(".segment-list");
    var template = document.getElementById("segment-row-template");
    var labels = JSON.parse(document.getElementById("segment-editor-labels").textContent);
    var serial = list.children.length;

    var renumber = function () {
      Array.prototype.forEach.call(list.children, function (row, index) {
        var n = String(index + 1);
        row.querySelector(".seg-num").textContent = n;
        row.querySelectorAll("[data-label]").forEach(function (el) {
          var text = labels[el.getAttribute("data-label")].replace("%(n)s", n);
          if (el.tagName === "LABEL") el.textContent = text; else el.setAttribute("aria-label", text);
        });
        row.querySelectorAll("button[name=op]").forEach(function (b) {
          b.value = b.value.split("-")[0] + "-" + index;
        });
      });
    };
    var newRow = function () {
      var row = template.content.firstElementChild.cloneNode(true);
      serial += 1;
      row.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace("__n__", "n" + serial); });
      row.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace("__n__", "n" + serial); });
      var lang = editor.getAttribute("data-text-lang");
      if (lang) row.querySelector("textarea").setAttribute("lang", lang);
      return row;
    };
    editor.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=op]");
      if (!button) return;
      event.preventDefault();
      var action = button.value.split("-")[0];
      var row = button.closest(".seg-row");
      var focusTarget = button;
      if (action === "add") {
        var added = newRow();
        if (row) row.after(added); else list.appendChild(added);
        focusTarget = added.querySelector("textarea");
      } else if (action === "up" && row.previousElementSibling) {
        row.previousElementSibling.before(row);
      } else if (action === "down" && row.nextElementSibling) {
        row.nextElementSibling.after(row);
      } else if (action === "delete") {
        var text = row.querySelector("textarea").value.trim();
        if (text && !window.confirm(labels.confirm_delete)) return;
        focusTarget = (row.nextElementSibling || row.previousElementSibling || editor).querySelector("textarea");
        row.remove();
      }
      renumber();
      if (focusTarget) focusTarget.focus();
      var status = document.getElementById("editor-status");
      if (status) status.textContent = labels.changed;
    });
    editor.addEventListener("change", function (event) {
      if (event.target.matches("select[name=seg_kind]")) {
        event.target.closest(".seg-row").setAttribute("data-kind", event.target.value);
      }
      if (event.target.matches("select[name=source_language]")) {
        var lang = event.target.selectedOptions[0].getAttribute("data-lang") || event.target.value;
        editor.setAttribute("data-text-lang", lang);
        list.querySelectorAll("textarea").forEach(function (t) { t.setAttribute("lang", lang); });
      }
    });
    // Leaving with unsaved changes asks first.
    var dirty = false;
    editor.addEventListener("input", function () { dirty = true; });
    editor.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  // --- Job progress: poll each unfinished job's JSON every 1.5 s. --------------------------------------
  var pollJob = function (panel) {
    var url = panel.getAttribute("data-progress-url");
    var timer = null;
    var update = function (job) {
      panel.setAttribute("data-state", job.state);
      var bar = panel.querySelector("progress");
      if (bar) {
        bar.max = Math.max(job.total, 1);
        bar.value = job.total ? job.done : (job.finished ? 1 : 0);
        bar.setAttribute("aria-valuetext", job.done + " / " + job.total);
      }
      var set = function (sel, text) { var el = panel.querySelector(sel); if (el) el.textContent = text; };
      set("[data-done]", job.done);
      set("[data-total]", job.total);
      set("[data-state-label]", job.state_label);
      set("[data-attempts]", job.attempts);
      set("[data-tokens]", job.tokens_in + " / " + job.tokens_out);
      set("[data-reasoning]", job.tokens_reasoning);
      var reasoning = panel.querySelector("[data-reasoning-wrap]");
      if (reasoning) reasoning.hidden = !job.tokens_reasoning;
      set("[data-cost]", job.cost);
      var badge = panel.querySelector("[data-state-label]");
      if (badge) badge.className = "badge " + ({succeeded: "ok", failed: "bad", cancelled: "neutral", running: "info", queued: "neutral"}[job.state] || "neutral");
      var error = panel.querySelector(".job-error");
      if (error) { error.textContent = job.error; error.hidden = !job.error; }
      panel.querySelectorAll("[data-show-when]").forEach(function (el) {
        el.hidden = el.getAttribute("data-show-when").split(" ").indexOf(job.state) === -1;
      });
      var result = panel.querySelector("[data-result]");
      if (result && job.result_url) { result.href = job.result_url; result.hidden = false; }
      if (job.finished) {
        window.clearInterval(timer);
        var done = panel.querySelector("[data-finished-note]");
        if (done) done.hidden = false;
      }
    };
    var tick = function () {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(update)
        .catch(function () { /* keep polling: a restart of the server is not the job's failure */ });
    };
    timer = window.setInterval(tick, 1500);
    tick();
  };
  document.querySelectorAll(".job[data-progress-url]").forEach(function (panel) {
    if (panel.getAttribute("data-finished") !== "1") pollJob(panel);
  });

  // --- Review screen keyboard shortcuts: j / k next / previous segment, a approve. ----------------------
  var review = document.querySelector("[data-review]");
  if (review) {
    var segments = Array.prototype.slice.call(review.querySelectorAll(".seg"));
    var index = -1;
    var go = function (next) {
      if (!segments.length) return;
      index = Math.max(0, Math.min(segments.length - 1, next));
      segments.forEach(function (s) { s.classList.remove("current"); });
      var seg = segments[index];
      seg.classList.add("current");
      seg.focus({preventScroll: true});
      seg.scrollIntoView({block: "center"});
    };
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target && target.classList.contains("seg")) index = segments.indexOf(target);
    }
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(TEXTAREA|INPUT|SELECT)$/.test(t.tagName))) return;
      if (event.key === "j") { event.preventDefault(); go(index + 1); }
      else if (event.key === "k") { event.preventDefault(); go(index - 1); }
      else if (event.key === "a") {
        var buttons = review.querySelectorAll("button[data-approve]:not([disabled])");
        if (buttons.length === 0) return;
        event.preventDefault();
        var button = buttons[0];
        if (buttons.length > 1) { button.focus(); return; } // two stages: let the reviewer pick
        if (button.form.requestSubmit) button.form.requestSubmit(button); else button.click();
      }
    });
  }
})();
