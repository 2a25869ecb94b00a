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
  // A search document ends with ⁂ and extra words that make text written without spaces (Chinese, Thai…) findable
  // from inside a run (briefkit/search.py, unspaced_words). Readers see excerpts of the text before it.
  var MORE = "\u2042";
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  // A word as the search documents hold it too (search.py, search_form): the query typed in full-width letters
  // (ＢＢＣ, as a Japanese input method types it), with a ligature, with a Persian keyboard's yeh or kaf (ی, ک), or
  // without the letters Pagefind keeps (Xankendi for Xankəndi, Lodz for Łódź) is folded the same way (testers).
  var VARIANTS = {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06d5": "\u0647",
    "\u02bc": "'", "\u02bb": "", "\u02be": "", "\u02bf": "", "ə": "e", "Ə": "E", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h",
    "Ħ": "H", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ƙ": "k", "Ƙ": "K", "ɔ": "o", "Ɔ": "O", "ɛ": "e", "Ɛ": "E", "ŋ": "ng",
    "Ŋ": "Ng", "\u0629": "\u0647"};
  var VARIANT = new RegExp("[" + Object.keys(VARIANTS).join("") + "]", "g");
  function fold(term) {
    return term.normalize("NFKC").replace(VARIANT, function (letter) { return VARIANTS[letter]; });
  }
  // A folded word as Pagefind compares it: lower case, its accents taken off (Şuşa as susa).
  function bare(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }
  // Where a term stands in the text as written when it was found through a word's compatibility form (NHK in
  // ＮＨＫ, search.py): [start, end] in the text, or null. Each character is folded alone (fold, then bare).
  function folded(text, term) {
    var flat = "", starts = [], ends = [], want = bare(fold(term));
    for (var i = 0; i < text.length;) {
      var character = String.fromCodePoint(text.codePointAt(i)), form = bare(fold(character));
      for (var k = 0; k < form.length; k++) { starts.push(i); ends.push(i + character.length); }
      flat += form;
      i += character.length;
    }
    var at = want ? flat.indexOf(want) : -1;
    return at < 0 ? null : [starts[at], ends[at + want.length - 1]];
  }
  function around(text, terms) {
    var lower = text.toLowerCase(), at = -1, length = 0;
    for (var i = 0; i < terms.length && at < 0; i++) {
      at = lower.length === text.length ? lower.indexOf(terms[i].toLowerCase()) : text.indexOf(terms[i]);
      length = terms[i].length;
    }
    for (var j = 0; j < terms.length && at < 0; j++) {
      var place = folded(text, terms[j]);
      if (place) { at = place[0]; length = place[1] - place[0]; }
    }
    if (at < 0) return escapeHtml(text.slice(0, 160)) + (text.length > 160 ? " …" : "");
    var from = Math.max(0, at - 70), to = Math.min(text.length, at + length + 70);
    return (from ? "… " : "") + escapeHtml(text.slice(from, at)) + "<mark>" + escapeHtml(text.slice(at, at + length)) +
      "</mark>" + escapeHtml(text.slice(at + length, to)) + (to < text.length ? " …" : "");
  }
  function words(html) {
    return html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&").split(/\s+/).filter(Boolean).join(" ");
  }
  function tidy(excerpt, text, terms) {
    // Pagefind's excerpt is a run of the document's words: kept when the text before ⁂ holds it (cut at ⁂ if it
    // reaches it), else it is made of the extra words, and one is made from the text around the term.
    var at = (excerpt || "").lastIndexOf(MORE), before = at < 0 ? excerpt || "" : excerpt.slice(0, at);
    if (before.indexOf("<mark>") < 0 || words(text).indexOf(words(before)) < 0) return around(text, terms);
    return at < 0 ? excerpt : before.replace(/\s+$/, "") + " …";
  }
  // A result's title and excerpt in the direction of most of their letters (briefkit/bidi.py, direction), which
  // site.css's `unicode-bidi: plaintext` reads off a mark put first: Arabic results sat flush left, in left-to-right
  // order (a tester). The isolates of the page's text, cut in two by an excerpt, go.
  var RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/gu, LETTER = /\p{L}/gu;
  var ISOLATES = /[\u2066-\u2069]/g;
  // A sentence's asides (a bracketed gloss, a quotation) are not its language, as bidi.py's _ASIDE says
  var ASIDE = /\([^()]*\)|\[[^\[\]]*\]|«[^«»]*»|"[^"]*"|“[^“”]*”|„[^„“”]*[“”]|‹[^‹›]*›|「[^「」]*」|『[^『』]*』/g;
  function counts(text) {  // letters only, as bidi.py counts them: not Arabic's vowel marks nor its digits
    var letters = text.match(LETTER) || [], rtl = letters.filter(function (c) { RTL.lastIndex = 0; return RTL.test(c); });
    RTL.lastIndex = 0;
    return [rtl.length, letters.length - rtl.length];
  }
  function directed(text) {
    if (!text) return text;
    var plain = text.replace(/<[^>]*>/g, "");
    if (!RTL.test(plain)) return text.replace(ISOLATES, "");
    RTL.lastIndex = 0;
    var mark = plain.trim().charAt(0);  // an editor's own mark first asks for its direction
    if (mark === "\u200f" || mark === "\u200e") return text.replace(ISOLATES, "");
    var outside = plain.replace(/\u2066[^\u2066-\u2069]*\u2069|\u2067[^\u2066-\u2069]*\u2069|\u2068[^\u2066-\u2069]*\u2069/g, " ");
    outside = outside.replace(/(\p{L})"(?=\p{L})/gu, "$1\u05f4");  // Hebrew's gershayim (צה"ל) quote nothing
    for (var i = 0; i < 3; i++) outside = outside.replace(ASIDE, " ");
    var found = counts(outside);
    if (!found[0] && !found[1]) found = counts(plain);
    return (found[0] > found[1] ? "\u200f" : "\u200e") + text.replace(ISOLATES, "");
  }
  function directions(result) {
    if (result.meta && result.meta.title) result.meta.title = directed(result.meta.title);
    result.excerpt = directed(result.excerpt);
    (result.sub_results || []).forEach(function (sub) { sub.title = directed(sub.title); sub.excerpt = directed(sub.excerpt); });
    return result;
  }
  function excerpts(result) {
    return directions(unspacedExcerpts(result));
  }
  function unspacedExcerpts(result) {
    var unspaced = result.meta && result.meta.unspaced;
    // Pagefind's UI shows every meta but the title as a tag under the result: "Unspaced: 1" meant nothing to a
    // reader (a tester). Read here, it goes.
    if (result.meta) delete result.meta.unspaced;
    var at = unspaced ? (result.content || "").lastIndexOf(MORE) : -1;
    if (at < 0) return result;
    var input = document.querySelector("#search_ui input.pagefind-ui__search-input");
    var terms = ((input && input.value) || "").split(/\s+/).filter(Boolean);
    var text = result.content.slice(0, at).replace(/\s+$/, "");
    // The extra words sit under a heading of the page's title (#top, search.py's _more_words): neither its text
    // nor a result of its own is the page's (the title was shown again, nested and at the excerpt's end: a tester)
    var title = (result.meta && result.meta.title) || "";
    // Pagefind ends a heading's text with a full stop, after a title's own (`Acme Corp.`: reviewers)
    var bare = text.replace(/[.\s]+$/, ""), name = title.replace(/[.\s]+$/, "");
    if (name && bare.slice(-name.length) === name) text = bare.slice(0, -name.length).replace(/\s+$/, "");
    var page = (result.meta && result.meta.url) || result.url, isTop = function (sub) { return /#top$/.test(sub.url || ""); };
    var subs = (result.sub_results || []).filter(function (sub) { return !isTop(sub); });
    // a word found only there is the page's: Pagefind's UI shows the page's own excerpt when its first nested
    // result is the page itself, and none when none is
    if (subs.length < (result.sub_results || []).length && !(subs[0] && subs[0].url === page)) {
      subs.unshift({ url: page, title: title, excerpt: result.excerpt, locations: [] });
    }
    result.sub_results = subs;
    result.excerpt = tidy(result.excerpt, text, terms);
    result.sub_results.forEach(function (sub) { sub.excerpt = tidy(sub.excerpt, text, terms); });
    return result;
  }
  // Pagefind's "6 results for Kirby" is a plain paragraph: a screen reader heard nothing when results came, or none,
  // or more were loaded (a tester). Its words, and how many results are shown, are repeated in a status region.
  function announce(box) {
    var status = document.createElement("p");
    status.className = "visually_hidden";
    status.setAttribute("role", "status");
    box.parentNode.insertBefore(status, box.nextSibling);
    var update = function () {
      var message = box.querySelector(".pagefind-ui__message"), shown = box.querySelectorAll(".pagefind-ui__result");
      var text = message ? message.textContent.trim() : "";
      if (text && shown.length) text += " (" + shown.length + " shown)";
      if (status.textContent !== text) status.textContent = text;
    };
    new MutationObserver(update).observe(box, { childList: true, subtree: true, characterData: true });
  }
  // Opened from a file (an unzipped preview), the index cannot be fetched and Pagefind said "Searching…" for ever (a
  // tester): the page says why, and the lists below still lead everywhere.
  function fromFile(box) {
    var note = document.createElement("p");
    note.className = "search_nojs";
    note.innerHTML = "<strong>Search works when the site is served over HTTP</strong> (for a copy on disk: " +
      "<code>python3 -m http.server</code> in its folder), not opened as a file. Every page can also be reached " +
      "from the lists below.";
    box.appendChild(note);
  }
  function start() {
    var box = document.getElementById("search_ui");
    if (!box || typeof PagefindUI === "undefined") return;
    if (location.protocol === "file:") return fromFile(box);
    announce(box);
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
      processResult: excerpts,
      processTerm: fold,
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
