/* helpcenter: Material's search worker with accent- and case-folding.
 *
 * Loaded as `helpcenter-search.js?worker=search.<hash>.min.js`. It imports Material's
 * worker (which exposes `self.lunr`), then:
 *  - folds every indexed token (NFD, strip combining marks, lower case) before the
 *    language pipeline, so "devolución" is indexed as "devolucion";
 *  - folds every query term the same way, and sends prefix terms ("devolucion*", which
 *    lunr would not stem) through the index's own pipeline (fold, trimmer, stop words,
 *    stemmer) first, so a fully typed word still matches its stemmed index entry, and
 *    Material's "all terms matched" bonus sees the same stems;
 *  - drops query words that pipeline removes (stop words: "is", "do", "my"), except the last
 *    word, which may still be being typed: lunr would otherwise keep them as prefixes ("is*"
 *    matching "isn't").
 *
 * With `&engine=pagefind` (extra.helpcenter.search_engine: pagefind, see generator/pagefind.py)
 * it does not load Material's worker: it answers Material's messages (SETUP -> READY,
 * QUERY -> RESULT) from this language's Pagefind index, in Material's result shape, so
 * Material renders the results with its own look.
 */
(function () {
  "use strict";
  var params = new URL(self.location.href).searchParams;
  if (params.get("engine") === "pagefind") return pagefindWorker();
  var name = params.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("helpcenter-search: unexpected worker name " + name);
  }
  importScripts(name);
  var lunr = self.lunr;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var foldToken = function (token) { return token.update(fold); };
  lunr.Pipeline.registerFunction(foldToken, "helpcenterFold");

  var indexPipeline = null;
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    indexPipeline = this.pipeline;
    if (!this.helpcenterFolded) {
      this.helpcenterFolded = true;
      this.pipeline._stack.unshift(foldToken);
    }
    return add.call(this, doc, attributes);
  };

  var pipeline = null;
  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (fn) {
    pipeline = this.pipeline;
    try {
      return query.call(this, function (q) {
        fn.call(q, q);
        var last = q.clauses[q.clauses.length - 1];
        q.clauses = q.clauses.filter(function (c) { return !c.helpcenterStop || c === last; });
      });
    } finally { pipeline = null; }
  };

  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    if (typeof c.term === "string") {
      var term = fold(c.term);
      var prefix = /^([^*]+)\*$/.exec(term);
      if (prefix && indexPipeline) {
        var stems = indexPipeline.runString(prefix[1]);
        if (stems.length && stems[0]) term = stems[0] + "*";
        else c.helpcenterStop = true;
      }
      c.term = term;
    }
    return clause.call(this, c);
  };

  // ------------------------------------------------------------------ Pagefind mode

  function pagefindWorker() {
    var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
    var SHOWN = 10;        // results whose fragment is loaded (Material renders 10 first)
    var EXCERPT = 30;      // words in the text under a result's title
    var root = new URL("../../../", self.location.href).href;
    var bundle = new URL("pagefind/pagefind.js", root).href;
    var pagefind = null;
    var latest = 0;

    function load() {
      if (!pagefind) pagefind = import(bundle);
      return pagefind;
    }

    function escapeHTML(text) {
      return String(text).replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }

    // The page's text around its first match, without the title it starts with (shown above it)
    // and without the hidden terms at its end (their word count is the page's hc_hidden meta).
    // Word positions are Pagefind's: its content split on white space.
    function excerpt(data) {
      var words = data.content.split(/[\r\n\s]+/g);
      var visible = Math.max(0, words.length - (parseInt(data.meta.hc_hidden, 10) || 0));
      var title = String(data.meta.title || "").split(/\s+/).filter(Boolean);
      var head = words.slice(0, title.length).join(" ").replace(/\.$/, "");
      var skip = title.length && head === title.join(" ").replace(/\.$/, "") ? title.length : 0;
      var marked = {};
      var first = -1;
      (data.locations || []).forEach(function (at) {
        if (at >= skip && at < visible) {
          marked[at] = true;
          if (first < 0 || at < first) first = at;
        }
      });
      var start = first < 0 ? skip : Math.max(skip, Math.min(first - Math.floor(EXCERPT / 2), visible - EXCERPT));
      var out = [];
      for (var i = start; i < Math.min(visible, start + EXCERPT); i++) {
        out.push(marked[i] ? "<mark>" + escapeHTML(words[i]) + "</mark>" : escapeHTML(words[i]));
      }
      return out.length ? "<p>" + out.join(" ") + (start + EXCERPT < visible ? " …" : "") + "</p>" : "";
    }

    // Pagefind returns only pages having every word: when that finds nothing, search each word
    // and rank the pages having any of them by the sum of their per-word scores.
    function search(pf, query, words) {
      return pf.search(query).then(function (found) {
        var all = found.results.map(function (r) { return { r: r, words: words }; });
        if (all.length || words.length < 2) return all;
        return Promise.all(words.map(function (w) { return pf.search(w); })).then(function (each) {
          var byId = new Map();
          each.forEach(function (one, i) {
            one.results.forEach(function (r) {
              var seen = byId.get(r.id) || { r: r, score: 0, words: [] };
              seen.score += r.score;
              seen.words.push(words[i]);
              byId.set(r.id, seen);
            });
          });
          return Array.from(byId.values()).sort(function (a, b) { return b.score - a.score; });
        });
      });
    }

    function item(hit, data, words) {
      var terms = {};
      words.forEach(function (w) { terms[w] = hit.words.indexOf(w) >= 0; });
      // Material resolves locations against the language root (config.base).
      var url = new URL(data.url, root).href;
      var location = url.indexOf(root) === 0 ? url.slice(root.length) : url;
      return [{ location: location, title: escapeHTML(data.meta.title || location), text: excerpt(data),
                score: hit.r.score, terms: terms }];
    }

    function query(text) {
      var words = text.trim().split(/\s+/).filter(Boolean);
      if (!words.length) return Promise.resolve({ items: [] });
      return load().then(function (pf) {
        return search(pf, text.trim(), words).then(function (hits) {
          return Promise.all(hits.slice(0, SHOWN).map(function (hit) { return hit.r.data(); }))
            .then(function (datas) {
              return { items: datas.map(function (data, i) { return item(hits[i], data, words); }) };
            });
        });
      });
    }

    // Like Material's worker, every query gets one answer, in order. A query already followed
    // by a newer one (typing) is not searched: it is answered with the results on screen.
    var queue = Promise.resolve();
    var shown = { items: [] };
    self.addEventListener("message", function (ev) {
      var message = ev.data || {};
      if (message.type === SETUP) {
        load().then(function () { postMessage({ type: READY }); }, function (err) {
          console.error("helpcenter-search: cannot load Pagefind from " + bundle, err);
        });
      } else if (message.type === QUERY) {
        var seq = ++latest;
        var text = String(message.data || "");
        queue = queue.then(function () {
          if (seq !== latest) return shown;
          return query(text).catch(function (err) {
            console.warn("helpcenter-search: Pagefind query failed", err);
            return { items: [] };
          });
        }).then(function (result) {
          shown = result;
          postMessage({ type: RESULT, data: result });
        });
      }
    });
  }
})();
