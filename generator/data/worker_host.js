/* helpcenter: a built language folder's search worker, run in Node.js as a browser would run it.
 *
 * Shared by lunr_search.js (the findability gate, the evaluation) and search_shards.js (the build
 * step that writes the prebuilt index). The worker runs in a `vm` context that behaves like a Web
 * Worker: `self`, `importScripts` and `fetch` resolving against the worker's own URL (files of the
 * site, read from disk), `location` with the query our wrapper reads, `postMessage` and
 * `addEventListener`. Needs Node.js 18 or later, no packages.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const url = require("url");
const vm = require("vm");

/* The page's Material configuration (the __config script of the language's home page). */
function pageConfig(site) {
  const home = path.join(site, "index.html");
  if (!fs.existsSync(home)) return null;
  const match = /<script id="__config" type="application\/json">([\s\S]*?)<\/script>/.exec(
    fs.readFileSync(home, "utf8"));
  return match ? JSON.parse(match[1]) : null;
}

/* The worker URL the page starts, relative to the language folder (throws when there is none). */
function workerPath(site, config, stock) {
  let search = config && typeof config.search === "string" ? config.search : null;
  if (!search) {
    const dir = path.join(site, "assets", "javascripts", "workers");
    const found = fs.existsSync(dir) && fs.readdirSync(dir).filter(n => /^search\.[0-9a-f]+\.min\.js$/.test(n));
    if (!found || !found.length) throw new Error(`${dir}: no Material search worker (search.<hash>.min.js)`);
    search = `assets/javascripts/workers/${found[0]}`;
  }
  if (stock) return search;
  // What themes/helpcenter/assets/javascripts/helpcenter.js does to __config.search.
  const name = search.split("/").pop();
  const wrapper = search.slice(0, -name.length) + "helpcenter-search.js";
  if (!fs.existsSync(path.join(site, wrapper)))
    throw new Error(`${path.join(site, wrapper)}: missing; this is not a helpcenter build (use --stock for plain Material)`);
  return `${wrapper}?worker=${encodeURIComponent(name)}`;
}

/* Start the worker; returns {send(message), global}: messages it posts go to onMessage. */
function startWorker(site, worker, onMessage) {
  const base = url.pathToFileURL(path.resolve(site) + path.sep);
  const location = new URL(worker, base);
  const listeners = [];
  const warn = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
  const sandbox = {
    console: { log: warn, info: warn, warn, error: warn, debug: () => {} },
    location,
    navigator: { userAgent: `Node.js/${process.versions.node}` },
    URL, URLSearchParams, TextEncoder, TextDecoder,
    setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
    postMessage: message => onMessage(message),
    addEventListener: (type, fn) => { if (type === "message") listeners.push(fn); },
    removeEventListener: (type, fn) => {
      const i = listeners.indexOf(fn);
      if (i >= 0) listeners.splice(i, 1);
    },
    onmessage: null,
  };
  const context = vm.createContext(sandbox);
  vm.runInContext("globalThis.self = globalThis;", context);
  const local = u => {
    const target = new URL(u, location);
    if (target.protocol !== "file:") throw new Error(`cannot load ${target}`);
    return url.fileURLToPath(target);
  };
  sandbox.importScripts = (...urls) => {
    for (const u of urls) {
      const file = local(u);
      vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
    }
  };
  // Messages and fetched JSON arrive in the worker's realm, as in a browser.
  const parse = vm.runInContext("(json => JSON.parse(json))", context);
  sandbox.fetch = async u => {
    const file = local(String(u));
    let body;
    try {
      body = fs.readFileSync(file, "utf8");
    } catch (err) {
      return { ok: false, status: 404, json: async () => { throw new Error(`${file}: not found`); } };
    }
    return { ok: true, status: 200, json: async () => parse(body), text: async () => body };
  };
  const script = url.fileURLToPath(location);
  vm.runInContext(fs.readFileSync(script, "utf8"), context, { filename: script });
  const send = message => {
    const event = { type: "message", data: parse(JSON.stringify(message)) };
    for (const fn of listeners.slice()) fn(event);
    if (typeof sandbox.onmessage === "function") sandbox.onmessage(event);
  };
  return { send, global: sandbox };
}

module.exports = { pageConfig, workerPath, startWorker };
