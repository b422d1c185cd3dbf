#!/usr/bin/env node
/* helpcenter: the prebuilt, sharded search index of one built language folder.
 *
 *   node search_shards.js --site site/en [--note "Showing results for"] [--shard-bytes 16384]
 *
 * Runs the folder's own search worker (helpcenter-search.js around Material's, worker_host.js)
 * with the whole search/search_index.json, as the browser used to: Material's code builds the
 * lunr index, with our folding in its pipeline. Then writes that index under search/hc/ for the
 * worker to load piece by piece (the format is described in helpcenter-search.js):
 *   setup.json   what the page fetches instead of search_index.json: its config, no documents;
 *   meta.json    sorted vocabulary, document frequencies, page starts (delta), shard starts;
 *   s/<n>.json   {"p": [per term: [per field: [doc delta, weight, ...] or 0]], "w": [surface word or 0]}
 *                for the terms meta.shards[n] .. meta.shards[n + 1] - 1, about --shard-bytes each;
 *   p/<n>.json   page n's entries: [[location, title, [text blocks], tags or 0], ...].
 * The weights are lunr's own field-vector entries, so the worker's scores are lunr's.
 * Prints {"terms": N, "shards": N, "pages": N, "docs": N} on success; {"error": "..."} and exit 1 otherwise.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { pageConfig, workerPath, startWorker } = require("./worker_host.js");

const SETUP = 0;

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + "\n");
  process.exit(1);
}

function parseArgs(argv) {
  const args = { site: null, note: "", shardBytes: 16384, whole: "auto" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--site") args.site = argv[++i];
    else if (argv[i] === "--note") args.note = argv[++i];
    else if (argv[i] === "--shard-bytes") args.shardBytes = parseInt(argv[++i], 10);
    else if (argv[i] === "--whole") args.whole = argv[++i];
    else fail(`unknown argument ${argv[i]}; usage: search_shards.js --site SITE_LANG_DIR [--note TEXT]`);
  }
  if (!args.site) fail("usage: search_shards.js --site SITE_LANG_DIR [--note TEXT]");
  if (!["auto", "always", "never"].includes(args.whole)) fail(`--whole ${args.whole}: use auto, always or never`);
  return args;
}

function writeJSON(file, data) {
  fs.writeFileSync(file, JSON.stringify(data));
}

const gzipSize = data => zlib.gzipSync(JSON.stringify(data), { level: 6 }).length;

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

/* Whether the whole index (built in the browser) costs fewer bytes than the least a sharded first
 * query fetches: meta.json, one shard and the page files of a full list of results (medians). */
function wholeIsSmaller(whole, made, shown) {
  const least = gzipSize(made.meta) + median(made.shards.map(gzipSize)) +
    Math.min(shown, made.pages.length) * median(made.pages.map(gzipSize));
  return { whole: gzipSize(whole), least, smaller: gzipSize(whole) <= least };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const site = args.site;
  const indexFile = path.join(site, "search", "search_index.json");
  if (!fs.existsSync(indexFile)) fail(`${indexFile}: no search index`);
  const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
  const config = pageConfig(site);
  let worker;
  try {
    worker = workerPath(site, config, false);
  } catch (err) {
    fail(err.message);
  }
  const { global } = startWorker(site, worker, () => {});
  if (typeof global.helpcenterPieces !== "function") fail(`${worker}: this worker cannot build a prebuilt index`);
  const ordered = global.helpcenterOrder(index.docs).ordered;
  const features = (config && config.features) || [];
  const built = await global.helpcenterBuild({
    type: SETUP, data: { config: index.config, docs: ordered, options: { suggest: features.includes("search.suggest") } },
  });
  const made = global.helpcenterPieces(ordered, built, { shardBytes: args.shardBytes, note: args.note,
                                                          config: index.config });
  // Small sites ship the whole index in setup.json, marked by config.hc: the worker builds it.
  const whole = { config: Object.assign({}, index.config, { hc: { note: args.note } }), docs: ordered };
  const sizes = wholeIsSmaller(whole, made, global.helpcenterShown || 20);
  const inBrowser = args.whole === "always" || (args.whole === "auto" && sizes.smaller);

  const out = path.join(site, "search", "hc");
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  if (inBrowser) {
    writeJSON(path.join(out, "setup.json"), whole);
  } else {
    fs.mkdirSync(path.join(out, "s"));
    fs.mkdirSync(path.join(out, "p"));
    made.shards.forEach((shard, n) => writeJSON(path.join(out, "s", `${n}.json`), shard));
    made.pages.forEach((page, n) => writeJSON(path.join(out, "p", `${n}.json`), page));
    writeJSON(path.join(out, "meta.json"), made.meta);
    writeJSON(path.join(out, "setup.json"), { config: index.config, docs: [] });
  }
  const data = made.meta;
  process.stdout.write(JSON.stringify({ terms: data.terms.length, shards: inBrowser ? 0 : made.shards.length,
                                        pages: made.pages.length, docs: ordered.length, whole: inBrowser,
                                        whole_gzip: sizes.whole, sharded_least_gzip: sizes.least }) + "\n");
}

main().catch(err => fail(err && err.stack ? err.stack : String(err)));
