/* Nothing typed is lost (the review and translation screens). Every segment's text box belongs to
   one save-all form, so one Save keeps every changed segment; without JavaScript that form still
   posts and the server saves the changed ones. This script only marks which segments hold unsaved
   text and asks before the page is left with any (the same beforeunload approach as the source
   editor in workbench.js). */
(function () {
  "use strict";

  var boxes = Array.prototype.slice.call(document.querySelectorAll("textarea[data-seg-text]"));
  if (!boxes.length) return;
  var status = document.querySelector("[data-save-status]");
  var wasDirty = null;

  // Unsaved: changed since the page was loaded, or sent back by the server because it was not
  // applied (stale or refused), and not on its way to the server in a form being submitted.
  var unsaved = function (box) {
    if (box.getAttribute("data-sending") === "1") return false;
    return box.value !== box.defaultValue || box.hasAttribute("data-unsaved");
  };

  var refresh = function () {
    var count = 0;
    boxes.forEach(function (box) {
      var pending = unsaved(box);
      var segment = box.closest(".seg");
      if (segment) segment.classList.toggle("unsaved", pending);
      if (pending) count += 1;
    });
    var dirty = count > 0;
    // Only when the state flips: a live region that speaks on every keystroke is noise.
    if (status && dirty !== wasDirty) {
      status.textContent = dirty ? status.getAttribute("data-dirty") : status.getAttribute("data-clean");
      status.classList.toggle("dirty", dirty);
    }
    wasDirty = dirty;
    return count;
  };

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-seg-text]")) refresh();
  });

  // A form carries the boxes that belong to it (form.elements includes those joined by the form
  // attribute); those are saved by this submit, every other changed box is still unsaved.
  // Registered after workbench.js's handler, so a cancelled confirmation or a second send is seen.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    Array.prototype.forEach.call(event.target.elements, function (el) {
      if (el.matches("textarea[data-seg-text]")) el.setAttribute("data-sending", "1");
    });
    refresh();
  });

  window.addEventListener("beforeunload", function (event) {
    if (refresh()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Back/forward cache: a restored page's boxes were never sent.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    boxes.forEach(function (box) { box.removeAttribute("data-sending"); });
    refresh();
  });

  refresh();
})();
