/* helpcenter: the search worker (Material's lunr, folded, stemmed, typo-tolerant, prebuilt and sharded).
 *
 * Loaded as `helpcenter-search.js?worker=search.<hash>.min.js`. It imports Material's worker, which
 * exposes `self.lunr` and registers its message handler; this file takes that handler over.
 *
 * Index time (in Node.js at build time, `generator/data/search_shards.js`, which runs this file with
 * the language's whole `search_index.json`): Material's own code builds the lunr index, with every
 * token folded (NFD, combining marks stripped, lower case) before the language pipeline, so
 * "devolución" is indexed as "devolucion". The build then writes that index, split, under
 * `search/hc/`: `meta.json` (vocabulary, document frequencies, page boundaries, shard boundaries),
 * `s/<n>.json` (each term's postings with lunr's own field weights, for a range of terms) and
 * `p/<n>.json` (one page's entries, for display).
 *
 * In the browser (and in `generator/data/lunr_search.js`, the findability gate) the page sends a
 * setup message without documents (`search/hc/setup.json`, see helpcenter.js), so no index is
 * built: the worker loads `meta.json` and, per query, only the shards of the terms it asks for
 * and the pages it shows. Scores are lunr's (sum over fields of query vector · field vector over
 * the query's norm) and Material's (x (1 + boost^2), boost = is-article + share of words found),
 * grouped by page as Material does. Each query word, after folding, runs through the index's own
 * pipeline (stop words dropped, stemmer), then:
 *  - exact: the stemmed term, boost 1;
 *  - the last word, while it is being typed (no space after it): the most frequent vocabulary
 *    terms it is a prefix of (when the word itself is a term: only those at least as frequent),
 *    boost PREFIX_BOOST (below the exact term);
 *  - any other word: the few terms that only lengthen its stem ("deliv" -> "deliveri"), boost
 *    PREFIX_BOOST;
 *  - typos: a word whose term is not in the vocabulary (or, from TYPO_RARE_MIN letters, is in at
 *    most TYPO_RARE_DF documents while a neighbour is TYPO_COMMON_RATIO times more frequent) is matched against the
 *    vocabulary by optimal-string-alignment distance (an adjacent transposition is one edit):
 *    one edit up to 5 letters, two from 6; the nearest, most frequent terms get boost
 *    TYPO_BOOST / distance, so they never outrank an exact hit. A short unknown word one edit
 *    away from a stop word ("wher", "teh") is dropped like one. The result message then carries
 *    `hc: {corrected, note}` and the page shows "Showing results for <corrected>".
 *
 * With a setup message that carries documents (a site built without the prebuilt index), the
 * worker lets Material build and search, with folding and stemmed prefix terms as before.
 *
 * With `&engine=pagefind` (extra.helpcenter.search_engine: pagefind, see generator/pagefind.py)
 * it does not load Material's worker: it answers Material's messages (SETUP -> READY,
 * QUERY -> RESULT) from this language's Pagefind index, in Material's result shape, so
 * Material renders the results with its own look.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var HC_QUERY = 102, HC_RESULT = 103;               // the hero box's channel (hc-hero-search.js)
  var params = new URL(self.location.href).searchParams;
  if (params.get("engine") === "pagefind") return pagefindWorker();
  var name = params.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("helpcenter-search: unexpected worker name " + name);
  }
  // Material's worker registers its message handler and answers with the global postMessage:
  // keep the handler, and route its answers through `answer`.
  var material = null;
  var listen = self.addEventListener;
  var post = self.postMessage;
  var answer = null;
  self.addEventListener = function (type, fn) {
    if (type === "message") material = fn;
    else listen.apply(self, arguments);
  };
  try { importScripts(name); } finally { self.addEventListener = listen; }
  self.postMessage = function (message) { if (answer) answer(message); };
  var lunr = self.lunr;

  var PREFIX_BOOST = 0.3;     // a completion of the word being typed
  var PREFIX_TERMS = 8;       // completions kept (the most frequent)
  var FAMILY_MIN = 4;        // a finished word of this many letters or more...
  var FAMILY_SUFFIX = 3;     // ...also finds its stem lengthened by at most 3 letters
  var FAMILY_TERMS = 3;      // (the most frequent 3), at PREFIX_BOOST
  var TYPO_BOOST = 0.5;       // a correction at distance 1 (0.25 at distance 2)
  var TYPO_TERMS = 2;         // corrections kept per word (nearest, then most frequent)
  var TYPO_RARE_DF = 1;       // a known term this rare (and this long) may still be a typo...
  var TYPO_RARE_MIN = 6;
  var TYPO_COMMON_RATIO = 10; // ...of a neighbour this many times more frequent
  var SHOWN = 20;             // result pages sent (Material renders 10, then more on scroll)
  self.helpcenterShown = SHOWN;
  var VARIANT_BOOST = 0.5;    // another form of the same word (a Spanish stem change), below the word
  // Forms of a stem the stemmer leaves apart, per language: Spanish stem-changing verbs write
  // the stressed vowel as a diphthong ("devuelvo", "pierdo", "cuesta" against "devolver",
  // "perder", "costar").
  var VARIANTS = { es: [[/ue/g, "o"], [/ie/g, "e"]] };

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var foldToken = function (token) {
    return token.update(function (text) { return fold(text); });
  };
  lunr.Pipeline.registerFunction(foldToken, "helpcenterFold");

  // Surface forms (build time only): the folded word each term was made from, counted, so a
  // correction can be shown as a word ("package"), not as a stem ("packag").
  var surface = null;
  var keepWord = function (token) {
    token.metadata.hcWord = cleanWord(token.toString());
    return token;
  };
  var countWord = function (token) {
    var term = token.toString();
    var words = surface.get(term) || new Map();
    words.set(token.metadata.hcWord, (words.get(token.metadata.hcWord) || 0) + 1);
    surface.set(term, words);
    return token;
  };

  var indexPipeline = null;
  function prepare(builder) {
    if (builder.helpcenterFolded) return;
    builder.helpcenterFolded = true;
    builder.pipeline._stack.unshift(foldToken);
    if (surface) {
      builder.pipeline._stack.splice(1, 0, keepWord);
      builder.pipeline._stack.push(countWord);
    }
    indexPipeline = builder.pipeline;
  }
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    prepare(this);
    return add.call(this, doc, attributes);
  };
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    prepare(this);
    var index = build.call(this);
    self.helpcenterIndex = index;
    return index;
  };
  /* Build the whole index as Material does, keeping surface forms (search_shards.js, small sites). */
  function buildWhole(setup) {
    surface = new Map();
    return forward(setup).then(function () {
      var built = { index: self.helpcenterIndex, surface: surface, pipeline: indexPipeline };
      surface = null;
      // Queries run the same pipeline without the surface-form counters.
      if (indexPipeline) {
        indexPipeline._stack = indexPipeline._stack.filter(function (fn) { return fn !== keepWord && fn !== countWord; });
      }
      return built;
    });
  }
  self.helpcenterBuild = buildWhole;

  function forward(message) {
    return new Promise(function (resolve) {
      answer = function (reply) { answer = null; resolve(reply); };
      material({ type: "message", data: message });
    });
  }

  // ------------------------------------------------------------------ Material's own index (fallback)

  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (fn) {
    return query.call(this, function (q) {
      fn.call(q, q);
      var last = q.clauses[q.clauses.length - 1];
      q.clauses = q.clauses.filter(function (c) { return !c.helpcenterStop || c === last; });
    });
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

  // ------------------------------------------------------------------ the pieces of the prebuilt index
  // One implementation for both places that make them: search_shards.js (at build time, written
  // as files under search/hc/) and a small site's worker (in memory, from its whole index).

  /* Entries grouped by page (an entry's page: its location before "#"), pages in first-seen order. */
  function orderDocs(docs) {
    var byPage = new Map();
    docs.forEach(function (doc) {
      var page = doc.location.split("#")[0];
      if (!byPage.has(page)) byPage.set(page, []);
      byPage.get(page).push(doc);
    });
    var ordered = [], starts = [];
    byPage.forEach(function (list) {
      starts.push(ordered.length);
      Array.prototype.push.apply(ordered, list);
    });
    return { ordered: ordered, starts: starts };
  }

  /* The text of an entry (Material's HTML) as blocks of escaped text without tags. */
  function blocks(html) {
    return String(html || "")
      .split(/<\/(?:p|li|td|th|h[1-6]|pre|blockquote|dt|dd|div|tr)>/i)
      .map(function (part) { return part.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim(); })
      .filter(Boolean);
  }

  /* {terms, lists: term -> [per field: [doc delta, weight, ...] or 0], df}, from lunr's index JSON. */
  function termLists(json, ids) {
    var vectors = new Map();
    json.fieldVectors.forEach(function (pair) {
      var weights = new Map(), elements = pair[1];
      for (var i = 0; i < elements.length; i += 2) weights.set(elements[i], elements[i + 1]);
      vectors.set(pair[0], weights);
    });
    var terms = [], lists = [], df = [];
    json.invertedIndex.forEach(function (pair) {
      var term = pair[0], posting = pair[1], docs = new Set();
      var perField = json.fields.map(function (field) {
        var refs = Object.keys(posting[field] || {}).filter(function (ref) { return ids.has(ref); });
        if (!refs.length) return 0;
        var pairs = refs.map(function (ref) {
          return [ids.get(ref), vectors.get(field + "/" + ref).get(posting._index) || 0];
        });
        pairs.sort(function (a, b) { return a[0] - b[0]; });
        var flat = [], at = 0;
        pairs.forEach(function (p) {
          flat.push(p[0] - at, p[1]);
          at = p[0];
          docs.add(p[0]);
        });
        return flat;
      });
      if (!docs.size) return;
      terms.push(term);
      lists.push(perField);
      df.push(docs.size);
    });
    return { terms: terms, lists: lists, df: df };
  }

  /* The word most often indexed as `term`, when it is not the term itself (0). */
  function surfaceWord(words, term) {
    var found = words.get(term);
    if (!found) return 0;
    var best = null, count = -1;
    found.forEach(function (n, word) { if (n > count || (n === count && word < best)) { best = word; count = n; } });
    return best === term ? 0 : best;
  }

  /* The index's pieces: {meta, shards: [{p, w}], pages: [[[location, title, [blocks], tags or 0]]]}.
   * `built` is buildWhole's answer for `docs`; a shard holds about `shardBytes` of postings JSON. */
  function pieces(docs, built, options) {
    var order = orderDocs(docs), ordered = order.ordered, starts = order.starts;
    var json = built.index.toJSON(), ids = new Map();
    ordered.forEach(function (doc, i) { if (!ids.has(doc.location)) ids.set(doc.location, i); });
    var index = termLists(json, ids);
    var shards = [], shardStarts = [], part = null, size = 0;
    index.terms.forEach(function (term, i) {
      var entry = JSON.stringify(index.lists[i]);
      if (!part || size + entry.length > options.shardBytes) {
        shardStarts.push(i);
        shards.push(part = { p: [], w: [] });
        size = 0;
      }
      part.p.push(index.lists[i]);
      part.w.push(surfaceWord(built.surface, term));
      size += entry.length + 1;
    });
    var pages = starts.map(function (start, k) {
      var end = k + 1 < starts.length ? starts[k + 1] : ordered.length;
      return ordered.slice(start, end).map(function (doc) {
        return [doc.location, doc.title || "", blocks(doc.text), doc.tags && doc.tags.length ? doc.tags : 0];
      });
    });
    var meta = {
      v: 1, lang: options.config.lang, fields: json.fields,
      docs: ordered.length, note: options.note || "", terms: index.terms, df: index.df,
      pages: starts.map(function (st, k) { return st - (k ? starts[k - 1] : 0); }), shards: shardStarts,
    };
    return { meta: meta, shards: shards, pages: pages };
  }
  self.helpcenterPieces = pieces;
  self.helpcenterOrder = orderDocs;

  // ------------------------------------------------------------------ the prebuilt, sharded index

  var root = new URL("../../../", self.location.href).href;
  var base = new URL("search/hc/", root).href;
  var meta = null;           // meta.json, with `ids` (term -> index) and `pageStarts`
  var separator = /[\s\-]+/;
  var files = new Map();     // URL -> Promise of its JSON

  function load(path) {
    var url = new URL(path, base).href;
    if (!files.has(url)) {
      files.set(url, fetch(url).then(function (res) {
        if (!res.ok) throw new Error("helpcenter-search: " + url + ": HTTP " + res.status);
        return res.json();
      }));
      files.get(url).catch(function () { files.delete(url); });
    }
    return files.get(url);
  }

  function useMeta(m) {
    var ids = new Map();
    m.terms.forEach(function (t, i) { ids.set(t, i); });
    var starts = [], at = 0;
    m.pages.forEach(function (delta) { at += delta; starts.push(at); });
    meta = m;
    meta.ids = ids;
    meta.pageStarts = starts;
  }

  function setup(data) {
    separator = new RegExp(data.config.separator || "[\\s\\-]+");
    // Material loads the language's stemmer and builds an empty index: that gives the pipeline.
    return forward({ type: SETUP, data: { config: data.config, docs: [], options: data.options } })
      .then(function () { return load("meta.json"); })
      .then(useMeta);
  }

  // A small site ships its whole index in setup.json (config.hc marks it, search_shards.js decides):
  // the worker builds it as the build would have, makes the same pieces in memory, and answers
  // every query without fetching anything more.
  function setupWhole(data) {
    separator = new RegExp(data.config.separator || "[\\s\\-]+");
    return buildWhole({ type: SETUP, data: data }).then(function (built) {
      var made = pieces(data.docs, built, { shardBytes: Infinity, note: data.config.hc.note, config: data.config });
      var keep = function (path, value) { files.set(new URL(path, base).href, Promise.resolve(value)); };
      made.shards.forEach(function (shard, n) { keep("s/" + n + ".json", shard); });
      made.pages.forEach(function (page, n) { keep("p/" + n + ".json", page); });
      useMeta(made.meta);
    });
  }

  // The last i with list[i] <= value (list sorted ascending).
  function floorIndex(list, value) {
    var lo = 0, hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid] <= value) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function prefixRange(prefix) {
    var terms = meta.terms, lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    var end = lo;
    while (end < terms.length && terms[end].lastIndexOf(prefix, 0) === 0) end++;
    return [lo, end];
  }

  // Optimal string alignment distance, or max + 1 as soon as it must exceed max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function maxEdits(term) {
    return term.length < 3 ? 0 : term.length <= 5 ? 1 : 2;
  }

  // The other forms of a stem in this language (see VARIANTS), each diphthong undone on its own.
  function variants(stem) {
    var out = [];
    (VARIANTS[meta.lang] || []).forEach(function (rule) {
      var re = new RegExp(rule[0].source, "g"), m;
      while ((m = re.exec(stem))) {
        var v = stem.slice(0, m.index) + rule[1] + stem.slice(m.index + m[0].length);
        if (v.length >= 3 && out.indexOf(v) < 0) out.push(v);
      }
    });
    return out;
  }

  // The nearest, most frequent vocabulary terms of `term` or one of its variants
  // ([[index, distance]...]), within maxEdits of the word as typed.
  function corrections(term, skip) {
    var max = maxEdits(term), found = [], best = {};
    if (!max) return found;
    [term].concat(variants(term)).forEach(function (form) {
      meta.terms.forEach(function (t, i) {
        if (i === skip || !t.length || Math.abs(t.length - form.length) > max) return;
        var d = distance(form, t, max);
        if (d > 0 && d <= max && !(i in best && best[i] <= d)) best[i] = d;  // 0: a variant, found as such
      });
    });
    Object.keys(best).forEach(function (i) { found.push([Number(i), best[i]]); });
    found.sort(function (x, y) { return x[1] - y[1] || meta.df[y[0]] - meta.df[x[0]] || x[0] - y[0]; });
    return found.filter(function (c) { return c[1] === found[0][1]; }).slice(0, TYPO_TERMS);
  }

  // Is this short unknown word one edit away from a stop word ("wher", "teh", "yuor")?
  function nearStopWord(word) {
    if (word.length < 3 || word.length > 5 || !/^[a-z]+$/.test(word)) return false;
    var letters = "abcdefghijklmnopqrstuvwxyz", edits = [], i, c;
    for (i = 0; i <= word.length; i++) {
      if (i < word.length) edits.push(word.slice(0, i) + word.slice(i + 1));
      if (i < word.length - 1) edits.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
      for (c = 0; c < 26; c++) {
        edits.push(word.slice(0, i) + letters[c] + word.slice(i));
        if (i < word.length) edits.push(word.slice(0, i) + letters[c] + word.slice(i + 1));
      }
    }
    return edits.some(function (e) { return e.length > 1 && !indexPipeline.runString(e).length; });
  }

  function cleanWord(raw) {
    return fold(raw).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  // The query's words, each with its vocabulary terms: [{key, typed, at, terms: [[index, boost]],
  // corrected, stop}]. `key` is what Material shows as a matched or missing term; `at`, the
  // word's place among the words typed (for the corrected query shown).
  function plan(text) {
    var raw = text.split(separator);
    var typing = !/\s$/.test(text);
    var words = [];
    raw.forEach(function (shown, n) {
      var typed = cleanWord(shown);
      if (!typed) return;
      var last = typing && n === raw.length - 1;
      var stems = indexPipeline.runString(typed);
      var stem = stems.length ? stems[0] : "";
      var word = { key: stem || typed, typed: typed, at: n, terms: [], corrected: null, stop: !stem };
      var exact = stem && meta.ids.has(stem) ? meta.ids.get(stem) : -1;
      if (exact >= 0) word.terms.push([exact, 1]);
      if (stem) variants(stem).forEach(function (v) {
        if (meta.ids.has(v) && meta.ids.get(v) !== exact) word.terms.push([meta.ids.get(v), VARIANT_BOOST]);
      });
      if (last) complete(word, stem, exact);
      else if (stem.length >= FAMILY_MIN) family(word, stem, exact);
      var rare = exact >= 0 && stem.length >= TYPO_RARE_MIN && meta.df[exact] <= TYPO_RARE_DF;
      if (stem && (!word.terms.length || rare)) correct(word, stem, exact);
      if (!word.stop || word.terms.length) words.push(word);
    });
    var lone = words.length === 1;
    words = words.filter(function (w) { return !w.stop || lone; });
    words.raw = raw;
    return words;
  }

  function complete(word, stem, exact) {
    var seen = {}, found = [];
    [stem, word.typed].forEach(function (prefix) {
      if (!prefix || seen[prefix]) return;
      seen[prefix] = true;
      var range = prefixRange(prefix);
      for (var i = range[0]; i < range[1]; i++) {
        // With the word itself found, only the completions at least as frequent as it.
        if (i !== exact && found.indexOf(i) < 0 && (exact < 0 || meta.df[i] >= meta.df[exact])) found.push(i);
      }
    });
    found.sort(function (x, y) { return meta.df[y] - meta.df[x] || x - y; });
    found.slice(0, PREFIX_TERMS).forEach(function (i) { word.terms.push([i, PREFIX_BOOST]); });
  }

  // A finished word also finds the few terms that only lengthen its stem by a suffix ("deliv":
  // "deliveri"), below the word itself: the stemmer leaves some forms of a word apart.
  function family(word, stem, exact) {
    var range = prefixRange(stem), found = [];
    for (var i = range[0]; i < range[1]; i++) {
      if (i !== exact && meta.terms[i].length <= stem.length + FAMILY_SUFFIX) found.push(i);
    }
    found.sort(function (x, y) { return meta.df[y] - meta.df[x] || x - y; });
    found.slice(0, FAMILY_TERMS).forEach(function (i) { word.terms.push([i, PREFIX_BOOST]); });
  }

  function correct(word, stem, exact) {
    if (exact < 0 && nearStopWord(word.typed)) { word.stop = true; return; }
    var found = corrections(stem, exact);
    if (exact >= 0) {
      found = found.filter(function (c) { return meta.df[c[0]] >= TYPO_COMMON_RATIO * Math.max(1, meta.df[exact]); });
    }
    if (!found.length) return;
    word.corrected = found[0][0];
    found.forEach(function (c) { word.terms.push([c[0], TYPO_BOOST / c[1]]); });
  }

  function shardOf(term) { return floorIndex(meta.shards, term); }

  // term index -> its postings ([per field: [doc delta, weight, ...] or 0]) and surface word.
  function postings(words) {
    var needed = {};
    words.forEach(function (w) { w.terms.forEach(function (t) { needed[shardOf(t[0])] = true; }); });
    var shards = Object.keys(needed).map(Number);
    return Promise.all(shards.map(function (s) { return load("s/" + s + ".json"); })).then(function (data) {
      var got = new Map();
      shards.forEach(function (s, k) { got.set(s, data[k]); });
      return function (term) {
        var shard = shardOf(term), first = meta.shards[shard], part = got.get(shard);
        return { fields: part.p[term - first], word: part.w[term - first] || meta.terms[term] };
      };
    });
  }

  // lunr's scores, then Material's boosts: [{doc, score, found: [bool per word]}], best first.
  function score(words, posting) {
    var vector = new Map();
    words.forEach(function (w, n) {
      w.terms.forEach(function (t) {
        var v = vector.get(t[0]) || { boost: 0, words: [] };
        v.boost += t[1];
        if (v.words.indexOf(n) < 0) v.words.push(n);
        vector.set(t[0], v);
      });
    });
    var norm = 0;
    vector.forEach(function (v) { norm += v.boost * v.boost; });
    norm = Math.sqrt(norm) || 1;
    var docs = new Map();
    vector.forEach(function (v, term) {
      posting(term).fields.forEach(function (list) {
        if (!list) return;
        for (var i = 0, doc = 0; i < list.length; i += 2) {
          doc += list[i];
          var hit = docs.get(doc);
          if (!hit) docs.set(doc, hit = { doc: doc, score: 0, found: words.map(function () { return false; }) });
          hit.score += v.boost * list[i + 1] / norm;
          v.words.forEach(function (n) { hit.found[n] = true; });
        }
      });
    });
    var hits = Array.from(docs.values());
    hits.forEach(function (hit) {
      var share = hit.found.filter(Boolean).length / (words.length || 1);
      var boost = (isArticle(hit.doc) ? 1 : 0) + share;
      hit.score *= 1 + boost * boost;
    });
    return hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function pageOf(doc) { return floorIndex(meta.pageStarts, doc); }
  function isArticle(doc) { return meta.pageStarts[pageOf(doc)] === doc; }

  // Material's grouping: pages in the order of their best entry, each with its entries.
  function group(hits) {
    var pages = new Map();
    for (var i = 0; i < hits.length; i++) {
      var page = pageOf(hits[i].doc);
      if (!pages.has(page)) {
        if (pages.size === SHOWN) continue;
        pages.set(page, []);
      }
      pages.get(page).push(hits[i]);
    }
    return pages;
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // What a query's terms mark: the words whose folded form starts with one of them.
  function marker(stems) {
    var unique = stems.filter(function (st, i) { return st && stems.indexOf(st) === i; });
    var pattern = unique.map(function (st) { return st.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    return { stems: unique, re: unique.length ? new RegExp("^(?:" + pattern + ")") : null };
  }

  // Mark the words of already-escaped text whose folded form starts with a found term. Text whose
  // folded form contains none of them is returned as it is, without looking at its words.
  function mark(html, marks) {
    if (!marks.re) return html;
    var folded = fold(html);
    if (!marks.stems.some(function (st) { return folded.indexOf(st) >= 0; })) return html;
    return html.split(/(<[^>]*>)/).map(function (part) {
      if (part.charAt(0) === "<") return part;
      return part.replace(/[\p{L}\p{N}]+/gu, function (w, at, all) {
        var before = all.charAt(at - 1);
        if (before === "&" || before === "#") return w;
        var f = /[^\x00-\x7f]/.test(w) ? fold(w) : w.toLowerCase();
        return marks.re.test(f) ? "<mark>" + w + "</mark>" : w;
      });
    }).join("");
  }

  // Like Material: the (at most two) blocks of text with a match, else the first block.
  function teaser(blocks, marks) {
    var shown = [];
    for (var i = 0; i < blocks.length && shown.length < 2; i++) {
      var marked = mark(blocks[i], marks);
      if (marked !== blocks[i]) shown.push(marked);
    }
    if (!shown.length) shown = blocks.slice(0, 1);
    return shown.map(function (b) { return "<p>" + b + "</p>"; }).join("");
  }

  function item(entry, hit, words, stems) {
    var terms = {};
    words.forEach(function (w, n) { terms[w.key] = terms[w.key] || !!(hit && hit.found[n]); });
    var out = { location: entry[0], title: mark(entry[1], stems), text: teaser(entry[2] || [], stems),
                score: hit ? hit.score : 0, terms: hit ? terms : {} };
    if (entry[3]) out.tags = entry[3];
    return out;
  }

  function items(words, hits, posting) {
    var pages = group(hits);
    var stems = [];
    words.forEach(function (w) { w.terms.forEach(function (t) { stems.push(meta.terms[t[0]]); }); });
    stems = marker(stems);
    var order = Array.from(pages.keys());
    return Promise.all(order.map(function (p) { return load("p/" + p + ".json"); })).then(function (data) {
      return order.map(function (page, k) {
        var entries = data[k], first = meta.pageStarts[page];
        var list = pages.get(page).map(function (hit) { return item(entries[hit.doc - first], hit, words, stems); });
        if (!pages.get(page).some(function (hit) { return hit.doc === first; })) {
          list.push(item(entries[0], null, words, stems));
        }
        return list;
      });
    });
  }

  function corrected(words, posting) {
    if (!words.some(function (w) { return w.corrected !== null; })) return null;
    var shown = words.raw.slice();
    words.forEach(function (w) { if (w.corrected !== null) shown[w.at] = posting(w.corrected).word; });
    return shown.join(" ").trim();
  }

  function search(text) {
    var words = plan(String(text || ""));
    if (!words.some(function (w) { return w.terms.length; })) return Promise.resolve({ items: [] });
    return postings(words).then(function (posting) {
      var hits = score(words, posting);
      return items(words, hits, posting).then(function (list) {
        var result = { items: list };
        var fixed = corrected(words, posting);
        if (fixed && list.length) result.hc = { corrected: fixed, note: meta.note || "Showing results for" };
        return result;
      });
    });
  }

  // ------------------------------------------------------------------ messages

  // Every query gets one answer, in order. A query already followed by a newer one (typing) is
  // not searched: it is answered with the results on screen.
  // The home page's hero box (hc-hero-search.js) asks the same worker on its own channel:
  // HC_QUERY {data: text, id} -> HC_RESULT {data: result, id}, types Material ignores; only its
  // latest query is answered, once the setup is done.
  var queue = Promise.resolve();
  var latest = 0;
  var shown = { items: [] };
  var sharded = false;
  var setupDone = null;
  var markSetup = null;
  var setupSeen = new Promise(function (resolve) { markSetup = resolve; });
  var hero = Promise.resolve();
  var heroLatest = 0;
  listen.call(self, "message", function (ev) {
    var message = ev.data || {};
    if (message.type === SETUP) {
      var docs = message.data && message.data.docs;
      var whole = !!(docs && docs.length && message.data.config && message.data.config.hc);
      sharded = whole || !(docs && docs.length);
      queue = queue.then(function () {
        if (!sharded) return forward(message);
        return (whole ? setupWhole(message.data) : setup(message.data)).then(function () { return { type: READY }; });
      }).then(function (reply) { post.call(self, reply); }, function (err) {
        console.error("helpcenter-search: cannot set the search up", err);
      });
      setupDone = queue;
      markSetup();
    } else if (message.type === QUERY) {
      var seq = ++latest;
      queue = queue.then(function () {
        if (!sharded) return forward(message).then(function (reply) { return reply.data; });
        if (seq !== latest) return shown;
        return search(message.data).catch(function (err) {
          console.warn("helpcenter-search: query failed: " + message.data, err);
          return { items: [] };
        });
      }).then(function (result) {
        shown = result;
        post.call(self, { type: RESULT, data: result });
      });
    } else if (message.type === HC_QUERY) {
      heroQuery(message, ++heroLatest);
    }
  });

  function heroQuery(message, seq) {
    var text = String(message.data || "");
    hero = hero.then(function () { return setupSeen; }).then(function () { return setupDone; }).then(function () {
      if (seq !== heroLatest) return null;
      if (sharded) return search(text);
      // Material's own index answers one message at a time: in line with its queries.
      var answer = queue.then(function () {
        return forward({ type: QUERY, data: text }).then(function (reply) { return reply.data; });
      });
      queue = answer.catch(function () {});
      return answer;
    }).catch(function (err) {
      console.warn("helpcenter-search: query failed: " + text, err);
      return { items: [] };
    }).then(function (result) {
      if (result && seq === heroLatest) post.call(self, { type: HC_RESULT, data: result, id: message.id });
    });
  }

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
    var heroQueue = Promise.resolve();
    var heroLatest = 0;
    self.addEventListener("message", function (ev) {
      var message = ev.data || {};
      if (message.type === SETUP) {
        load().then(function () { postMessage({ type: READY }); }, function (err) {
          console.error("helpcenter-search: cannot load Pagefind from " + bundle, err);
        });
      } else if (message.type === HC_QUERY) {
        var heroSeq = ++heroLatest;
        heroQueue = heroQueue.then(function () {
          return heroSeq === heroLatest ? query(String(message.data || "")) : null;
        }).catch(function () { return { items: [] }; }).then(function (result) {
          if (result && heroSeq === heroLatest) postMessage({ type: HC_RESULT, data: result, id: message.id });
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
