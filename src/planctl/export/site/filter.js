/* Client-side filter of the initiatives table by status and owner. Runs from file:// too. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("initiatives");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var status = document.getElementById("filter-status");
  var owner = document.getElementById("filter-owner");
  var count = document.getElementById("filter-count");
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = (!status.value || row.getAttribute("data-status") === status.value) &&
                 (!owner.value || row.getAttribute("data-owner") === owner.value);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{n}", String(shown)).replace("{total}", String(rows.length));
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  status.addEventListener("change", apply);
  owner.addEventListener("change", apply);
  form.hidden = false;
  apply();
}());
