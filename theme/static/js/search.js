// The /search/ page: starts Pagefind's default UI (pagefind/pagefind-ui.js, written by `make html`)
// and gives its search box a visible label. Same-origin only; without this script the page
// shows links to browse instead.
(function () {
  "use strict";
  function label(box) {
    var input = box.querySelector("input.pagefind-ui__search-input");
    if (!input || input.id) return !!input;
    input.id = "search_input";
    // Pagefind's form stops submission with action="javascript:void(0);": no javascript: URL in our pages.
    var form = input.form;
    if (form) {
      form.removeAttribute("action");
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    var text = document.createElement("label");
    text.className = "search_label";
    text.htmlFor = "search_input";
    text.textContent = box.getAttribute("data-label") || "Search";
    box.insertBefore(text, box.firstChild);
    return true;
  }
  function start() {
    var box = document.getElementById("search_ui");
    if (!box || typeof PagefindUI === "undefined") return;
    var site = new URL(box.getAttribute("data-site"), document.baseURI);
    // Large sites have several indexes (pagefind/shard-N/, see briefkit/search.py): merged into the first.
    var merge = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(function (path) {
      return { bundlePath: new URL(site.pathname + path, document.baseURI).pathname, baseUrl: site.pathname };
    });
    new PagefindUI({
      element: "#search_ui",
      bundlePath: new URL(box.getAttribute("data-bundle"), document.baseURI).pathname,
      baseUrl: site.pathname,
      mergeIndex: merge,
      showSubResults: true,
      showImages: false,
      autofocus: true,
      translations: { placeholder: "Name, alias or words" }
    });
    if (!label(box)) {
      var watch = new MutationObserver(function () { if (label(box)) watch.disconnect(); });
      watch.observe(box, { childList: true, subtree: true });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
