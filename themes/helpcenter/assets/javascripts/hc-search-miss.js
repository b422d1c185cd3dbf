/* helpcenter: searches that find nothing, posted to the Netlify form "search-miss" (partials/hc-search-miss.html).
 *
 * What is sent, and when: the final query of a search that shows no results, once per query and page view,
 * after the shopper has stopped typing for SETTLE_MS. Not every keystroke, not searches that found something
 * (whatever the shopper did next: the results may have answered them). Before posting, the query loses every
 * word that holds a digit (order, card and phone numbers, postcodes) and every e-mail address; what is left
 * is cut to MAX_CHARS. Nothing is posted while Do Not Track or Global Privacy Control is on, and nothing is
 * stored in the browser.
 */
(function () {
  "use strict";

  var SETTLE_MS = 1500;
  var MAX_CHARS = 100;
  var form = document.querySelector("form[data-hc-search-miss]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var nav = window.navigator || {};
  if (nav.globalPrivacyControl === true || nav.doNotTrack === "1" || nav.doNotTrack === "yes" ||
      window.doNotTrack === "1" || nav.msDoNotTrack === "1") return;

  var posted = {};

  /** The query minus personal data: words with a digit or an "@", then spaces squeezed. */
  function redact(query) {
    return query
      .replace(/\S*[@\uFF20]\S*/g, " ")
      .replace(/\S*\d\S*/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, MAX_CHARS)
      .trim();
  }

  function post(query) {
    var q = redact(query);
    var key = q.toLowerCase();
    if (!q || posted[key]) return;
    posted[key] = true;
    var body = new URLSearchParams(new FormData(form));
    body.set("q", q);
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      keepalive: true
    }).catch(function () { /* a lost post is a lost count, nothing more */ });
  }

  /** Watch one search box: `results` holds one child per result, and is empty when nothing was found. */
  function watch(input, results) {
    if (!input || !results) return;
    var timer = null;
    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        var query = input.value.trim();
        if (query && results().length === 0) post(query);
      }, SETTLE_MS);
    });
  }

  function children(selector) {
    return function () {
      var node = document.querySelector(selector);
      return node ? node.children : [];
    };
  }

  // Material's search dialog (header) and the home page's hero search (hc-hero-search.js).
  watch(document.querySelector("[data-md-component=search-query]"), children(".md-search-result__list"));
  watch(document.querySelector(".hc-hero-search__input"), function () {
    var list = document.querySelector(".hc-hero-search__results");
    return list ? list.querySelectorAll("[role=option]") : [];
  });
})();
