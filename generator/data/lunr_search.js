#!/usr/bin/env node
/* helpcenter: the shipped search, outside the browser.
 *
 *   node lunr_search.js --site site/en [--stock]
 *
 * Runs the search worker a built language folder ships (Material's worker, wrapped in
 * our helpcenter-search.js unless --stock) in a `vm` context that behaves like a Web
 * Worker (worker_host.js: `self`, `importScripts` and `fetch` resolving against the worker's
 * own URL, `location` with the `?worker=` query our wrapper reads, `postMessage` and
 * `addEventListener`). It sends the setup message Material's page sends (the index file the
 * page fetches: `search/hc/setup.json`, config without documents, for our builds with the
 * prebuilt index, which the worker then fetches shard by shard; search_index.json with
 * --stock or without one; plus the `search.suggest` feature flag), then answers one query per
 * stdin line. The query text goes to the worker exactly as Material's search box sends it (the
 * raw input value; the worker itself turns it into a lunr query), and the answer is read
 * the way Material renders it: one result per page, in the worker's order.
 *
 * Protocol, one JSON object per line:
 *   stdout first:  {"ready": true, "worker": "...", "lang": [...], "docs": N}
 *              or  {"error": "..."} (then exit 1)
 *   stdin:         {"q": "wheres my parcel", "limit": 10}
 *   stdout:        {"q": "...", "results": [{"location": "orders/where-is-my-order/",
 *                   "score": 12.3, "missing": ["parcel"]}, ...], "corrected": null}
 *   ("corrected": the query the results are for when the worker corrected a typo.)
 * Worker warnings (invalid queries) go to stderr. Needs Node.js 18 or later, no packages.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const { pageConfig, workerPath, startWorker } = require("./worker_host.js");

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
  // What helpcenter.js makes the page fetch instead of search_index.json, when it is there.
  const setupFile = path.join(site, "search", "hc", "setup.json");
  const index = JSON.parse(fs.readFileSync(!args.stock && fs.existsSync(setupFile) ? setupFile : indexFile, "utf8"));
  const docs = JSON.parse(fs.readFileSync(indexFile, "utf8")).docs.length;
  const config = pageConfig(site);
  let worker;
  try {
    worker = workerPath(site, config, args.stock);
  } catch (err) {
    fail(err.message);
  }
  const features = (config && config.features) || [];

  let waiting = null;
  const { send } = startWorker(site, worker, message => {
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
  process.stdout.write(JSON.stringify({ ready: true, worker, lang: index.config.lang, docs }) + "\n");

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
    const corrected = (answer && answer.data && answer.data.hc && answer.data.hc.corrected) || null;
    process.stdout.write(JSON.stringify({ q, results: pages(items, limit), corrected }) + "\n");
  }
}

main().catch(err => fail(err && err.stack ? err.stack : String(err)));
