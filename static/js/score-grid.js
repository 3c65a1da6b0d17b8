/* The assessment grid (programme/assessment/score_grid.html): Enter moves down the column, as
   in a spreadsheet — the form is sent with its button; the first field in error gets the focus. */
(function () {
  "use strict";
  var grid = document.getElementById("score-grid");
  if (!grid) { return; }
  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.dataset || input.dataset.row === undefined) { return; }
    event.preventDefault();
    var below = grid.querySelector(
      'input[data-row="' + (Number(input.dataset.row) + 1) + '"][data-col="' + input.dataset.col + '"]'
    );
    if (below) { below.focus(); below.select(); }
  });
  var firstError = grid.querySelector(".is-invalid");
  if (firstError && !document.querySelector("[data-error-summary]")) { firstError.focus(); }
})();
