/* The invitees of an event (programme/event_form.html): a filter by surname or position and
   «Пригласить всех» for the rows the filter shows. Without JavaScript the whole list is there
   and the filter stays hidden (data-needs-js, app.js). */
(function () {
  "use strict";
  var filter = document.getElementById("invitee-filter");
  var all = document.getElementById("invite-all");
  if (!filter || !all) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll(".invitee"));
  filter.addEventListener("input", function () {
    var text = filter.value.trim().toLowerCase();
    rows.forEach(function (row) { row.hidden = Boolean(text) && !row.dataset.text.includes(text); });
  });
  all.addEventListener("click", function () {
    rows.forEach(function (row) { if (!row.hidden) { row.querySelector("input").checked = true; } });
  });
})();
