/* Tool finder: filter the server-rendered list; the filter state lives in the URL query. */
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("jz-finder");
    if (!form) return;
    var items = Array.prototype.slice.call(document.querySelectorAll(".jz-toollist li"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var count = form.querySelector(".jz-finder__count");
    form.hidden = false;

    function apply(push) {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      var shown = 0;
      items.forEach(function (li) {
        var ok = selects.every(function (s) {
          if (!s.value) return true;
          var values = (li.getAttribute("data-" + s.name) || "").split(" ");
          return values.indexOf(s.value) !== -1;
        });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " van " + items.length + " tools";
      if (push) {
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var initial = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = initial.get(s.name);
      if (v && s.querySelector('option[value="' + CSS.escape(v) + '"]')) s.value = v;
      s.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply(false);
  }
  if (typeof document$ !== "undefined") { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
