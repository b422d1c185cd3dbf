/* helpcenter: the home page's hero search box (hc-home.html), results in place.
 *
 * Loaded before helpcenter.js and Material's bundle, it sees Material make its search worker
 * (our helpcenter-search.js wrapper) and keeps a handle on it: the hero box asks that same worker,
 * on its own channel (HC_QUERY -> HC_RESULT, message types Material ignores), so there is one
 * index, one set of fetched shards, and the header's search is left as Material runs it.
 *
 * ARIA combobox with a listbox popup (WAI-ARIA APG "list autocomplete"): focus stays in the box;
 * ArrowDown/ArrowUp (and Home/End with Ctrl) move the active option (aria-activedescendant),
 * Enter opens it (the first result when none is active), Escape closes the list, then clears the
 * box. The options are the result links themselves (<a role="option">), so a click, a middle click
 * or "open in new tab" work as on any link. The count line uses Material's own translations of the
 * page's language (search.result.*), the correction line the worker's localised note.
 * Every answer is also announced as a `hc:hero-search` event on document ({query, count}) for
 * whoever counts searches without results.
 */
(function () {
  "use strict";
  var HC_QUERY = 102, HC_RESULT = 103;
  var root = document.querySelector("[data-hc-hero-search]");
  var Native = window.Worker;
  if (!root || !Native) return;
  var input = root.querySelector(".hc-hero-search__input");
  var panel = root.querySelector("[data-hc-hero-panel]");
  var status = root.querySelector(".hc-hero-search__status");
  var list = root.querySelector(".hc-hero-search__results");
  if (!input || !panel || !status || !list) return;
  var SHOWN = 10;

  var worker = null;
  var asked = 0;       // id of the latest query sent
  var waiting = null;  // text typed before the worker exists
  var active = -1;
  var query = "";

  // The worker Material makes for its search (through helpcenter.js, which wraps Worker too).
  var Wrapped = function (url, options) {
    var made = new Native(url, options);
    if (!worker && /helpcenter-search\.js/.test(String(url))) {
      worker = made;
      made.addEventListener("message", onMessage);
      if (waiting !== null) ask(waiting);
    }
    return made;
  };
  Wrapped.prototype = Native.prototype;
  window.Worker = Wrapped;

  function config() {
    var node = document.getElementById("__config");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (err) { return {}; }
  }

  function translate(key, n) {
    var t = (config().translations || {})[key];
    return t ? t.replace("#", String(n)) : "";
  }

  function ask(text) {
    if (!worker) { waiting = text; return; }
    waiting = null;
    worker.postMessage({ type: HC_QUERY, data: text, id: ++asked });
  }

  function options() { return list.querySelectorAll("[role=option]"); }

  function open(show) {
    panel.hidden = !show;
    input.setAttribute("aria-expanded", show && options().length ? "true" : "false");
  }

  function select(index) {
    var all = options();
    if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
    active = all.length ? Math.max(-1, Math.min(index, all.length - 1)) : -1;
    if (active >= 0) {
      all[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // Material's item text is HTML the worker escaped (with <mark> around the found words).
  function option(item, n, base) {
    var link = document.createElement("a");
    link.id = "hc-hero-option-" + n;
    link.className = "hc-hero-search__option";
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.tabIndex = -1;
    link.href = new URL(item.location, base).href;
    var title = document.createElement("span");
    title.className = "hc-hero-search__title";
    title.innerHTML = item.title;
    link.appendChild(title);
    if (item.text) {
      var text = document.createElement("span");
      text.className = "hc-hero-search__text";
      text.innerHTML = item.text.replace(/<\/?p>/g, " ");
      link.appendChild(text);
    }
    link.addEventListener("mousedown", function (ev) { ev.preventDefault(); });  // keep focus in the box
    return link;
  }

  function render(result) {
    var pages = (result && result.items) || [];
    var base = new URL(config().base || ".", window.location.href);
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    pages.slice(0, SHOWN).forEach(function (entries, n) {
      if (entries && entries[0]) list.appendChild(option(entries[0], n, base));
    });
    var count = pages.length;
    var line = count === 0 ? translate("search.result.none", 0)
      : count === 1 ? translate("search.result.one", 1) : translate("search.result.other", count);
    status.textContent = line;
    var hc = result && result.hc;
    if (hc && hc.corrected && count) {
      var fixed = document.createElement("em");
      fixed.textContent = hc.corrected;
      status.appendChild(document.createTextNode(" · " + (hc.note || "Showing results for") + " "));
      status.appendChild(fixed);
    }
    open(document.activeElement === input);
    document.dispatchEvent(new CustomEvent("hc:hero-search", { detail: { query: query, count: count } }));
  }

  function onMessage(ev) {
    var message = ev.data || {};
    if (message.type !== HC_RESULT || message.id !== asked || !input.value.trim()) return;
    render(message.data);
  }

  input.addEventListener("input", function () {
    query = input.value;
    if (!query.trim()) {
      asked++;  // drop answers still on their way
      list.textContent = "";
      status.textContent = "";
      select(-1);
      open(false);
      return;
    }
    ask(query);
  });

  input.addEventListener("focus", function () { if (input.value.trim() && list.childNodes.length) open(true); });

  input.addEventListener("keydown", function (ev) {
    var all = options();
    if (ev.key === "ArrowDown" && all.length) {
      ev.preventDefault();
      open(true);
      select(active + 1 >= all.length ? 0 : active + 1);
    } else if (ev.key === "ArrowUp" && all.length) {
      ev.preventDefault();
      open(true);
      select(active <= 0 ? all.length - 1 : active - 1);
    } else if ((ev.key === "Home" || ev.key === "End") && ev.ctrlKey && all.length && !panel.hidden) {
      ev.preventDefault();
      select(ev.key === "Home" ? 0 : all.length - 1);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      var chosen = all[active >= 0 ? active : 0];
      if (chosen && !panel.hidden) window.location.assign(chosen.href);
    } else if (ev.key === "Escape") {
      if (!panel.hidden) {
        ev.preventDefault();
        select(-1);
        open(false);
      } else if (input.value) {
        ev.preventDefault();
        input.value = "";
        input.dispatchEvent(new Event("input"));
      }
    }
  });

  root.addEventListener("focusout", function (ev) {
    if (!ev.relatedTarget || !root.contains(ev.relatedTarget)) {
      select(-1);
      open(false);
    }
  });
})();
