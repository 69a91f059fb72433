/* Client-side search over titles and descriptions. Runs from file:// and offline: the index is
   search-index.js, a script beside this one (no fetch of a JSON file, which file:// forbids),
   and every result is built with textContent, so text from the plan is never read as HTML. */
(function () {
  "use strict";
  // Case and accents are ignored, but å, ä and ö stay letters of their own, as in Swedish.
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u0307\u0309\u030b-\u036f]/g, "")
      .normalize("NFC").toLowerCase();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.search"), function (form) {
    var input = form.querySelector("input");
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // the page's CSP allows no form submission: go there ourselves
      if (form.id === "search-page") { return; }
      var query = input.value.trim();
      window.location.href = form.getAttribute("data-target") + (query ? "?q=" + encodeURIComponent(query) : "");
    });
    form.hidden = false;
  });

  var results = document.getElementById("search-results");
  var index = window.planctlSearchIndex;
  if (!results || !Array.isArray(index)) { return; }
  var input = document.getElementById("search-q");
  var count = document.getElementById("search-count");
  var noscript = document.getElementById("search-noscript");
  if (noscript) { noscript.hidden = true; }
  var entries = index.map(function (item) {
    return { item: item, title: fold(item.t), text: fold([item.i, item.t, item.d].join(" ")) };
  });

  function show() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!words.length) { count.textContent = ""; return; }
    var hits = entries.filter(function (e) {
      return words.every(function (w) { return e.text.indexOf(w) !== -1; });
    });
    // Titles that hold every word first, then the rest, each in the site's own order.
    var inTitle = function (e) { return words.every(function (w) { return e.title.indexOf(w) !== -1; }); };
    hits = hits.filter(inTitle).concat(hits.filter(function (e) { return !inTitle(e); }));
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.setAttribute("href", e.item.u);
      link.textContent = e.item.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " · " + e.item.k + " " + e.item.i;
      li.appendChild(link);
      li.appendChild(kind);
      if (e.item.d) {
        var text = document.createElement("p");
        text.textContent = e.item.d.length > 220 ? e.item.d.slice(0, 219) + "…" : e.item.d;
        li.appendChild(text);
      }
      results.appendChild(li);
    });
    var template = count.getAttribute(hits.length === 1 ? "data-one" : "data-many");
    var query = input.value.trim();  // a function, so a "$&" in the query is not a replacement pattern
    count.textContent = template.replace("{n}", String(hits.length)).replace("{q}", function () { return query; });
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  input.addEventListener("input", show);
  show();
}());
