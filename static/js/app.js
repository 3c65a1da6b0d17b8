/* Small behaviours of every page, attached by data attributes (no inline scripts: the
   Content-Security-Policy forbids them). Everything works without this file; it only helps. */
(function () {
  "use strict";

  // Controls that only work with this file (a «select all» box, a close button) are hidden in
  // the markup and shown here, so that without JavaScript nothing on the page does nothing.
  document.querySelectorAll("[data-needs-js]").forEach(function (element) {
    element.hidden = false;
  });

  // The error summary is focused on load by its autofocus attribute; a page restored from the
  // back-forward cache, or a browser that ignores autofocus on a non-control, gets it here.
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  // A link of the error summary puts the focus in its field (a fragment only scrolls to it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var around = target.closest("fieldset, .question, .mb-3") || target;
    around.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });

  // The questionnaire's button bar stays in view at the bottom of a laptop's screen (on a
  // phone it is not sticky): a field that gets the focus under it is scrolled above it. CSS's
  // scroll-padding does this for links to a field; a browser scrolls a focused field only until
  // it is on the screen, not until it is clear of the bar.
  document.addEventListener("focusin", function (event) {
    var bar = document.querySelector(".form-actions");
    if (!bar || bar.contains(event.target) || getComputedStyle(bar).position !== "sticky") {
      return;
    }
    var target = event.target;
    // Measured after the browser's own scrolling to the field, which follows this event.
    window.requestAnimationFrame(function () {
      var field = target.getBoundingClientRect();
      var top = bar.getBoundingClientRect().top;
      if (field.bottom > top - 8) {
        window.scrollBy(0, field.bottom - top + 16);
      }
    });
  });

  // <form data-confirm="Удалить файл?">: asks before sending.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // <input type="checkbox" data-check-all=".mentee-check">: ticks or clears every box it names.
  document.addEventListener("change", function (event) {
    var selector = event.target.getAttribute && event.target.getAttribute("data-check-all");
    if (!selector) { return; }
    document.querySelectorAll(selector).forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // <input data-enter-button="id">: Enter in this field presses that button (a search box
  // inside a bigger form) instead of the form's primary action.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.getAttribute) { return; }
    var id = event.target.getAttribute("data-enter-button");
    var button = id && document.getElementById(id);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
