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
 */
(function () {
  "use strict";
  var name = new URL(self.location.href).searchParams.get("worker") || "";
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
})();
