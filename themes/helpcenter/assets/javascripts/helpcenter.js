/* helpcenter: small, dependency-free glue loaded before Material's bundle. */
(function () {
  "use strict";

  // 1. Search: run Material's worker inside our wrapper, which answers from the prebuilt index
  //    (search/hc/: folded, stemmed, typo-tolerant; see workers/helpcenter-search.js). With
  //    extra.helpcenter.search_engine: pagefind (generator/pagefind.py marks every page), the
  //    wrapper answers from Pagefind instead, and Material's fetch of the full lunr index
  //    (search/search_index.json) gets the same config without documents (pagefind/material-index.json).
  var pagefind = !!document.querySelector('meta[name="hc-search-engine"][content="pagefind"]');
  var config = document.getElementById("__config");
  var translations = {};
  if (config) {
    try {
      var data = JSON.parse(config.textContent);
      translations = data.translations || {};
      var name = data.search.split("/").pop();
      data.search = data.search.slice(0, -name.length) + "helpcenter-search.js?worker=" + encodeURIComponent(name) +
        (pagefind ? "&engine=pagefind" : "");
      config.textContent = JSON.stringify(data);
    } catch (err) {
      /* keep Material's own worker */
    }
  }

  // 2. Material fetches "<hreflang URL>/sitemap.xml" for every alternate link, to map the
  //    current page onto the other language and take over clicks on the switcher. Our
  //    switcher already links to the right page (generator/site.py), and those URLs have no
  //    sitemap, so those requests are never sent.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.helpcenterSkip = /\/sitemap\.xml$/.test(String(url));
    if (/(^|\/)search\/search_index\.json$/.test(String(url))) {
      // The worker loads the prebuilt index piece by piece (generator/site/search_index.py):
      // Material fetches its config only, never every page's text.
      var args = Array.prototype.slice.call(arguments);
      args[1] = String(url).replace(/search\/search_index\.json$/,
                                    pagefind ? "pagefind/material-index.json" : "search/hc/setup.json");
      return open.apply(this, args);
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.helpcenterSkip) return undefined;
    return send.apply(this, arguments);
  };

  function closest(node, selector) {
    return node && node.closest ? node.closest(selector) : null;
  }

  document.addEventListener("click", function (ev) {
    // 3. A manual language choice wins over Accept-Language at the edge (Netlify's nf_lang cookie).
    var link = closest(ev.target, "a[data-hc-lang]");
    if (link) {
      document.cookie = "nf_lang=" + encodeURIComponent(link.getAttribute("data-hc-lang")) +
        "; path=/; max-age=31536000; samesite=lax";
    }
    // 4. Search buttons in the hero and on the 404 page open Material's search dialog.
    var opener = closest(ev.target, "[data-hc-search]");
    if (opener) {
      var toggle = document.getElementById("__search");
      if (toggle && !toggle.checked) toggle.click();
      var input = document.querySelector("[data-md-component=search-query]");
      if (input) setTimeout(function () { input.focus(); }, 50);
    }
  });

  // 5. "Was this helpful?": post to the Netlify form in place, then thank the reader.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("[data-hc-feedback]")) return;
    ev.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    if (ev.submitter && ev.submitter.name) body.set(ev.submitter.name, ev.submitter.value);
    var done = function () {
      var question = form.querySelector(".hc-feedback__question");
      var thanks = form.querySelector(".hc-feedback__thanks");
      if (question) question.hidden = true;
      if (thanks) { thanks.hidden = false; thanks.focus(); }
    };
    if (window.fetch) {
      fetch(form.getAttribute("action") || window.location.pathname, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString()
      }).then(done, done);
    } else {
      done();
    }
  });

  // 6. A query without results: under the search box, a hint, this language's sections and the
  //    contact link (partials/hc-search-empty.html) instead of a bare "No matching documents".
  //    The block sits between Material's meta line and its result list (Material addresses them
  //    as the first and last child), and is in the page only while it shows, so Material's
  //    arrow keys reach its links and its Enter key ("open the best result") never does.
  function setupEmptySearch() {
    var template = document.getElementById("hc-search-empty");
    var result = document.querySelector("[data-md-component=search-result]");
    var query = document.querySelector("[data-md-component=search-query]");
    var meta = result && result.querySelector(".md-search-result__meta");
    var list = result && result.querySelector(".md-search-result__list");
    if (!template || !template.content || !template.content.firstElementChild || !query || !meta || !list) return;
    var block = template.content.firstElementChild.cloneNode(true);
    var none = translations["search.result.none"];

    function update() {
      var empty = query.value.trim() !== "" && list.children.length === 0 &&
        (!none || meta.textContent.trim() === none);
      if (empty && !block.parentNode) {
        result.insertBefore(block, list);
      } else if (!empty && block.parentNode) {
        block.parentNode.removeChild(block);
      }
    }
    new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
    new MutationObserver(update).observe(list, { childList: true });
    query.addEventListener("input", update);
    // Enter in the box with nothing found does nothing, as in Material (not "open our first link").
    window.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && block.parentNode && document.activeElement === query) {
        ev.preventDefault();
        ev.stopImmediatePropagation();
      }
    }, true);
    update();
  }

  // 7. "Showing results for <corrected query>": the worker's result message says when it corrected
  //    a typo (data.hc: {corrected, note}, the note in this language). The line sits where the
  //    empty-search block goes, between Material's meta line and its list, while the results shown
  //    are for a corrected query. Text only, never HTML.
  var correction = document.createElement("p");
  correction.className = "hc-search-correction md-search-result__meta";
  correction.setAttribute("role", "status");
  function showCorrection(hc) {
    var result = document.querySelector("[data-md-component=search-result]");
    var list = result && result.querySelector(".md-search-result__list");
    if (!hc || !hc.corrected || !list) {
      if (correction.parentNode) correction.parentNode.removeChild(correction);
      return;
    }
    correction.textContent = "";
    correction.appendChild(document.createTextNode((hc.note || "Showing results for") + " "));
    var query = document.createElement("em");
    query.textContent = hc.corrected;
    correction.appendChild(query);
    if (correction.parentNode !== result) result.insertBefore(correction, list);
  }
  var NativeWorker = window.Worker;
  if (NativeWorker && config) {
    var Wrapped = function (url, options) {
      var worker = new NativeWorker(url, options);
      if (/helpcenter-search\.js/.test(String(url))) {
        worker.addEventListener("message", function (ev) {
          var message = ev.data || {};
          if (message.type === 3) showCorrection(message.data && message.data.hc);  // RESULT
        });
      }
      return worker;
    };
    Wrapped.prototype = NativeWorker.prototype;
    window.Worker = Wrapped;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupEmptySearch);
  } else {
    setupEmptySearch();
  }
})();
