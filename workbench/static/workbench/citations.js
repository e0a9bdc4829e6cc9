// The segment editor's source suggestions: while a segment is being written, the passages of trusted
// sources that match it are listed under it, each with an "Attach" button adding its id to the
// segment's citations field. Without JavaScript the field still takes ids typed by hand.
(function () {
  "use strict";
  var editor = document.querySelector("[data-segment-editor][data-suggest-url]");
  if (!editor) return;
  var labels = JSON.parse(document.getElementById("segment-editor-labels").textContent);
  var url = editor.getAttribute("data-suggest-url");
  var timer = null;
  var asked = 0; // only the latest answer is shown: an older one may arrive after a newer one
  var status = document.getElementById("editor-status");

  var language = function () {
    var select = editor.querySelector("select[name=source_language]");
    return select ? select.value : editor.getAttribute("data-source-language") || "";
  };

  var ids = function (input) {
    return input.value.split(/[\s,;]+/).filter(function (piece) { return piece; });
  };

  var render = function (row, results) {
    var box = row.querySelector("[data-suggestions]");
    var input = row.querySelector("input[name=seg_citations]");
    if (!box || !input) return;
    box.textContent = "";
    if (!results.length) {
      var none = document.createElement("p");
      none.className = "form-help";
      none.textContent = labels.no_suggestions;
      box.appendChild(none);
      box.hidden = false;
      return;
    }
    var list = document.createElement("ul");
    list.className = "suggestion-list";
    results.slice(0, 5).forEach(function (hit) {
      var id = "P" + hit.passage_id;
      var item = document.createElement("li");
      var text = document.createElement("span");
      var excerpt = hit.text.length > 160 ? hit.text.slice(0, 160) + "…" : hit.text;
      text.textContent = id + " · " + hit.title + " — " + excerpt;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary small";
      button.textContent = labels.attach + " " + id;
      button.setAttribute("data-attach", id);
      button.addEventListener("click", function () {
        var current = ids(input);
        if (current.map(function (p) { return p.toUpperCase(); }).indexOf(id) === -1) {
          current.push(id);
          input.value = current.join(" ");
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
        if (status) status.textContent = labels.attached.replace("%(id)s", id);
      });
      item.appendChild(text);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
  };

  var suggest = function (textarea) {
    var row = textarea.closest(".seg-row");
    var query = textarea.value.trim();
    if (!row || query.length < 3) return;
    var mine = ++asked;
    var params = new URLSearchParams({ q: query.slice(0, 2000) });
    if (language()) params.set("language", language());
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { if (mine === asked) render(row, data.results || []); })
      .catch(function () { /* suggestions are a help, never in the way: nothing shown */ });
  };

  var later = function (textarea) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { suggest(textarea); }, 400);
  };
  editor.addEventListener("focusin", function (event) {
    if (event.target.matches("textarea[name=seg_text]")) later(event.target);
  });
  editor.addEventListener("input", function (event) {
    if (event.target.matches("textarea[name=seg_text]")) later(event.target);
  });
})();
