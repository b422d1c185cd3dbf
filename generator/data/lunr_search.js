#!/usr/bin/env node
/* helpcenter: the shipped search, outside the browser.
 *
 *   node lunr_search.js --site site/en [--stock]
 *
 * Runs the search worker a built language folder ships (Material's worker, wrapped in
 * our helpcenter-search.js unless --stock) in a `vm` context that behaves like a Web
 * Worker: `self`, `importScripts` resolving against the worker's own URL, `location`
 * with the `?worker=` query our wrapper reads, `postMessage` and `addEventListener`.
 * It sends the setup message Material's page sends (the page's search_index.json config
 * and docs, plus the `search.suggest` feature flag), then answers one query per stdin
 * line. The query text goes to the worker exactly as Material's search box sends it (the
 * raw input value; the worker itself turns it into a lunr query), and the answer is read
 * the way Material renders it: one result per page, in the worker's order.
 *
 * Protocol, one JSON object per line:
 *   stdout first:  {"ready": true, "worker": "...", "lang": [...], "docs": N}
 *              or  {"error": "..."} (then exit 1)
 *   stdin:         {"q": "wheres my parcel", "limit": 10}
 *   stdout:        {"q": "...", "results": [{"location": "orders/where-is-my-order/",
 *                   "score": 12.3, "missing": ["parcel"]}, ...]}
 * Worker warnings (invalid queries) go to stderr. Needs Node.js 18 or later, no packages.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const url = require("url");
const vm = require("vm");

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's SearchMessageType

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + "\n");
  process.exit(1);
}

function parseArgs(argv) {
  const args = { site: null, stock: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--stock") args.stock = true;
    else if (argv[i] === "--site") args.site = argv[++i];
    else fail(`unknown argument ${argv[i]}; usage: lunr_search.js --site SITE_LANG_DIR [--stock]`);
  }
  if (!args.site) fail("usage: lunr_search.js --site SITE_LANG_DIR [--stock]");
  return args;
}

/* The page's Material configuration (the __config script of the language's home page). */
function pageConfig(site) {
  const home = path.join(site, "index.html");
  if (!fs.existsSync(home)) return null;
  const match = /<script id="__config" type="application\/json">([\s\S]*?)<\/script>/.exec(
    fs.readFileSync(home, "utf8"));
  return match ? JSON.parse(match[1]) : null;
}

/* The worker URL the page starts, relative to the language folder. */
function workerPath(site, config, stock) {
  let search = config && typeof config.search === "string" ? config.search : null;
  if (!search) {
    const dir = path.join(site, "assets", "javascripts", "workers");
    const found = fs.existsSync(dir) && fs.readdirSync(dir).filter(n => /^search\.[0-9a-f]+\.min\.js$/.test(n));
    if (!found || !found.length) fail(`${dir}: no Material search worker (search.<hash>.min.js)`);
    search = `assets/javascripts/workers/${found[0]}`;
  }
  if (stock) return search;
  // What themes/helpcenter/assets/javascripts/helpcenter.js does to __config.search.
  const name = search.split("/").pop();
  const wrapper = search.slice(0, -name.length) + "helpcenter-search.js";
  if (!fs.existsSync(path.join(site, wrapper)))
    fail(`${path.join(site, wrapper)}: missing; this is not a helpcenter build (use --stock for plain Material)`);
  return `${wrapper}?worker=${encodeURIComponent(name)}`;
}

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
  sandbox.importScripts = (...urls) => {
    for (const u of urls) {
      const target = new URL(u, location);
      if (target.protocol !== "file:") throw new Error(`importScripts: cannot load ${target}`);
      const file = url.fileURLToPath(target);
      vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
    }
  };
  // Messages arrive structured-cloned into the worker's realm, as in a browser.
  const clone = vm.runInContext("(json => JSON.parse(json))", context);
  vm.runInContext(fs.readFileSync(url.fileURLToPath(location), "utf8"), context,
                  { filename: url.fileURLToPath(location) });
  return message => {
    const event = { type: "message", data: clone(JSON.stringify(message)) };
    for (const fn of listeners.slice()) fn(event);
    if (typeof sandbox.onmessage === "function") sandbox.onmessage(event);
  };
}

/* One result per page, as Material's result list renders them: the page's own entry. */
function pages(items, limit) {
  const out = [];
  for (const group of items.slice(0, limit)) {
    const article = group.find(doc => !doc.location.includes("#")) || group[0];
    const first = group[0];
    const missing = Object.keys(article.terms || {}).filter(t => !article.terms[t]);
    out.push({ location: article.location, score: first.score, missing });
  }
  return out;
}

async function main() {
  const major = parseInt(process.versions.node, 10);
  if (major < 18) fail(`Node.js ${process.versions.node} is too old: 18 or later is needed`);
  const args = parseArgs(process.argv.slice(2));
  const site = args.site;
  const indexFile = path.join(site, "search", "search_index.json");
  if (!fs.existsSync(indexFile)) fail(`${indexFile}: no search index`);
  const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
  const config = pageConfig(site);
  const worker = workerPath(site, config, args.stock);
  const features = (config && config.features) || [];

  let waiting = null;
  const send = startWorker(site, worker, message => {
    const resolve = waiting;
    waiting = null;
    if (resolve) resolve(message);
  });
  const ask = message => new Promise(resolve => { waiting = resolve; send(message); });

  const ready = await ask({
    type: SETUP,
    data: { config: index.config, docs: index.docs, options: { suggest: features.includes("search.suggest") } },
  });
  if (!ready || ready.type !== READY) fail("the search worker did not answer the setup message");
  process.stdout.write(JSON.stringify({ ready: true, worker, lang: index.config.lang, docs: index.docs.length }) + "\n");

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let request;
    try {
      request = JSON.parse(line);
    } catch (err) {
      process.stdout.write(JSON.stringify({ error: `not a JSON line: ${line}` }) + "\n");
      continue;
    }
    const q = typeof request === "string" ? request : String(request.q ?? "");
    const limit = Number.isInteger(request.limit) ? request.limit : 10;
    // Material's box sends nothing for an empty field; the worker would answer no items.
    const answer = q ? await ask({ type: QUERY, data: q }) : { type: RESULT, data: { items: [] } };
    const items = answer && answer.type === RESULT ? answer.data.items : [];
    process.stdout.write(JSON.stringify({ q, results: pages(items, limit) }) + "\n");
  }
}

main().catch(err => fail(err && err.stack ? err.stack : String(err)));
