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
const { pageConfig, workerPath, startWorker } = require("./worker_host.js");

const SETUP = 0;

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + "\n");
  process.exit(1);
}

function parseArgs(argv) {
  const args = { site: null, note: "", shardBytes: 16384 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--site") args.site = argv[++i];
    else if (argv[i] === "--note") args.note = argv[++i];
    else if (argv[i] === "--shard-bytes") args.shardBytes = parseInt(argv[++i], 10);
    else fail(`unknown argument ${argv[i]}; usage: search_shards.js --site SITE_LANG_DIR [--note TEXT]`);
  }
  if (!args.site) fail("usage: search_shards.js --site SITE_LANG_DIR [--note TEXT]");
  return args;
}

/* Entries grouped by page (an entry's page: its location before "#"), pages in first-seen order. */
function orderDocs(docs) {
  const pages = new Map();
  for (const doc of docs) {
    const page = doc.location.split("#")[0];
    if (!pages.has(page)) pages.set(page, []);
    pages.get(page).push(doc);
  }
  const ordered = [], starts = [];
  for (const list of pages.values()) {
    starts.push(ordered.length);
    ordered.push(...list);
  }
  return { ordered, starts };
}

/* The text of an entry (Material's HTML) as blocks of escaped text without tags. */
function blocks(html) {
  return String(html || "")
    .split(/<\/(?:p|li|td|th|h[1-6]|pre|blockquote|dt|dd|div|tr)>/i)
    .map(part => part.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/* term -> [per field: [doc delta, weight, ...] or 0], from lunr's index JSON. */
function postings(json, ids) {
  const vectors = new Map();
  for (const [fieldRef, elements] of json.fieldVectors) {
    const weights = new Map();
    for (let i = 0; i < elements.length; i += 2) weights.set(elements[i], elements[i + 1]);
    vectors.set(fieldRef, weights);
  }
  const terms = [], lists = [], df = [];
  for (const [term, posting] of json.invertedIndex) {
    const docs = new Set();
    const perField = json.fields.map(field => {
      const refs = Object.keys(posting[field] || {}).filter(ref => ids.has(ref));
      if (!refs.length) return 0;
      const pairs = refs.map(ref => [ids.get(ref), vectors.get(`${field}/${ref}`).get(posting._index) || 0]);
      pairs.sort((a, b) => a[0] - b[0]);
      const flat = [];
      let at = 0;
      for (const [doc, weight] of pairs) {
        flat.push(doc - at, weight);
        at = doc;
        docs.add(doc);
      }
      return flat;
    });
    if (!docs.size) continue;
    terms.push(term);
    lists.push(perField);
    df.push(docs.size);
  }
  return { terms, lists, df };
}

function surfaceWord(surface, term) {
  const words = surface.get(term);
  if (!words) return 0;
  let best = null, count = -1;
  for (const [word, n] of words) if (n > count || (n === count && word < best)) { best = word; count = n; }
  return best === term ? 0 : best;
}

function writeJSON(file, data) {
  fs.writeFileSync(file, JSON.stringify(data));
}

function writeShards(out, index, surface, shardBytes) {
  const starts = [];
  let part = null, size = 0;
  const flush = () => {
    if (part) writeJSON(path.join(out, "s", `${starts.length - 1}.json`), part);
  };
  index.terms.forEach((term, i) => {
    const entry = JSON.stringify(index.lists[i]);
    if (!part || size + entry.length > shardBytes) {
      flush();
      starts.push(i);
      part = { p: [], w: [] };
      size = 0;
    }
    part.p.push(index.lists[i]);
    part.w.push(surfaceWord(surface, term));
    size += entry.length + 1;
  });
  flush();
  return starts;
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
  if (typeof global.helpcenterBuild !== "function") fail(`${worker}: this worker cannot build a prebuilt index`);
  const { ordered, starts } = orderDocs(index.docs);
  const features = (config && config.features) || [];
  const built = await global.helpcenterBuild({
    type: SETUP, data: { config: index.config, docs: ordered, options: { suggest: features.includes("search.suggest") } },
  });
  const json = built.index.toJSON();
  const ids = new Map();
  ordered.forEach((doc, i) => { if (!ids.has(doc.location)) ids.set(doc.location, i); });
  const data = postings(json, ids);

  const out = path.join(site, "search", "hc");
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, "s"), { recursive: true });
  fs.mkdirSync(path.join(out, "p"), { recursive: true });
  const shards = writeShards(out, data, built.surface, args.shardBytes);
  starts.forEach((start, k) => {
    const end = k + 1 < starts.length ? starts[k + 1] : ordered.length;
    writeJSON(path.join(out, "p", `${k}.json`), ordered.slice(start, end).map(doc =>
      [doc.location, doc.title || "", blocks(doc.text), doc.tags && doc.tags.length ? doc.tags : 0]));
  });
  const deltas = starts.map((s, k) => s - (k ? starts[k - 1] : 0));
  writeJSON(path.join(out, "meta.json"), {
    v: 1, lang: index.config.lang, fields: json.fields, docs: ordered.length, note: args.note,
    terms: data.terms, df: data.df, pages: deltas, shards,
  });
  writeJSON(path.join(out, "setup.json"), { config: index.config, docs: [] });
  process.stdout.write(JSON.stringify({ terms: data.terms.length, shards: shards.length, pages: starts.length,
                                        docs: ordered.length }) + "\n");
}

main().catch(err => fail(err && err.stack ? err.stack : String(err)));
