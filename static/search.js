// Cross-script search over one Pagefind index of the Simplified edition.
// 1. The query is converted to Simplified (Taiwan phrases first, then characters).
// 2. Its CJK part becomes overlapping bigrams, each encoded as the Latin word the build
//    indexed (digest/search.py), so a query matches any page containing it as a
//    substring, whatever either word segmenter (the build's or the browser's) does.
// 3. Candidates that do not literally contain the query are dropped, the rest ranked by
//    how often they contain it, and shown on this edition's own URLs.
// A classic script (not a module) so the page stays quiet when opened from file://.
(function () {
  "use strict";
  const form = document.querySelector("[data-search]");
  const status = document.querySelector(".search-status");
  const list = document.querySelector("[data-results]");
  const lang = form.dataset.lang;
  const root = new URL(form.dataset.root, location.href);
  const MARK = "\u3013"; // start of the index-only token block
  const CJK = /[\u4e00-\u9fff]+/g;
  const B26 = "abcdefghijklmnopqrstuvwxyz";
  const CANDIDATES = 60;
  const SHOWN = 20;
  const CONTEXT = 45;

  let mapPromise = null;
  function loadMap() {
    if (!mapPromise) mapPromise = fetch(new URL("assets/search-map.json", root)).then((r) => r.json());
    return mapPromise;
  }

  function toSimplified(query, map, phrases = true) {
    let out = query;
    if (phrases) {
      const keys = Object.keys(map.phrases).sort((a, b) => b.length - a.length);
      for (const p of keys) if (out.includes(p)) out = out.split(p).join(map.phrases[p]);
    }
    return Array.from(out).map((ch) => map.chars[ch] || ch).join("");
  }

  // A Taiwan word can also be a mainland word (程序, 向量, 影片): search both readings.
  function readings(query, map) {
    return [...new Set([toSimplified(query, map, false), toSimplified(query, map, true)].map((q) => q.toLowerCase()))];
  }

  // Simplified result text shown in the zh-hant edition: Taiwan phrases, then characters.
  function toTraditional(text, map) {
    let out = text;
    const back = Object.entries(map.phrases).map(([tw, cn]) => [cn, tw]).sort((a, b) => b[0].length - a[0].length);
    for (const [cn, tw] of back) if (out.includes(cn)) out = out.split(cn).join(tw);
    return Array.from(out).map((ch) => map.hant[ch] || ch).join("");
  }

  function encodeChar(ch) {
    const n = ch.codePointAt(0) - 0x4e00;
    return [17576, 676, 26, 1].map((k) => B26[Math.floor(n / k) % 26]).join("");
  }

  function indexTerms(query) {
    const terms = [];
    for (const part of query.split(/\s+/).filter(Boolean)) {
      terms.push(...part.replace(CJK, " ").split(/\s+/).filter(Boolean));
      for (const run of part.match(CJK) || []) {
        const codes = Array.from(run).map(encodeChar);
        if (codes.length === 1) terms.push("q" + codes[0]);
        for (let i = 0; i + 1 < codes.length; i++) terms.push("q" + codes[i] + codes[i + 1]);
      }
    }
    return terms.join(" ");
  }

  function toEdition(url) {
    return lang === "zh-hans" ? url : url.replace("/zh-hans/", "/" + lang + "/");
  }

  function countOf(text, needle) {
    let n = 0;
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
    return n;
  }

  function excerpt(text, needle) {
    const p = document.createElement("p");
    const at = needle ? text.toLowerCase().indexOf(needle) : -1;
    if (at < 0) { p.textContent = text.slice(0, 2 * CONTEXT) + "…"; return p; }
    const start = Math.max(0, at - CONTEXT);
    const mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + needle.length);
    p.append((start > 0 ? "…" : "") + text.slice(start, at), mark, text.slice(at + needle.length, at + needle.length + CONTEXT) + "…");
    return p;
  }

  function convertText(el, map) {
    for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) node.textContent = toTraditional(node.textContent, map);
  }

  async function search(query) {
    list.replaceChildren();
    form.dataset.state = "busy";
    if (!query.trim()) { status.textContent = ""; form.dataset.state = "done"; return; }
    if (location.protocol === "file:") { status.textContent = status.dataset.needsServer; form.dataset.state = "done"; return; }
    const [map, pagefind] = await Promise.all([loadMap(), import(new URL("pagefind/pagefind.js", root).href)]);
    await pagefind.options({ baseUrl: new URL(".", root).pathname });
    const found = new Map();
    for (const q of readings(query.trim(), map)) {
      const res = await pagefind.search(indexTerms(q));
      const data = await Promise.all(res.results.slice(0, CANDIDATES).map((r) => r.data()));
      const needles = q.split(/\s+/).filter(Boolean);
      data.forEach((d, rank) => {
        const text = d.content.split(MARK)[0];
        const lower = text.toLowerCase();
        if (!needles.every((w) => lower.includes(w))) return;  // a bigram match, not the query itself
        const count = needles.reduce((n, w) => n + countOf(lower, w), 0);
        const old = found.get(d.url);
        if (!old || old.count < count) found.set(d.url, { d, rank, text, count, needle: needles[0] });
      });
    }
    const hits = [...found.values()].sort((a, b) => b.count - a.count || a.rank - b.rank).slice(0, SHOWN);
    status.textContent = hits.length ? status.dataset.count.replace("{n}", String(hits.length)) : status.dataset.noResults;
    for (const h of hits) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = toEdition(h.d.url);
      a.textContent = (lang === "zh-hant" ? h.d.meta.title_hant : h.d.meta.title) || h.d.meta.title || h.d.url;
      const p = excerpt(h.text, h.needle);
      if (lang === "zh-hant") for (const node of [p, ...p.querySelectorAll("mark")]) convertText(node, map);
      li.append(a, p);
      list.append(li);
    }
    form.dataset.query = readings(query.trim(), map).join(" | ");
    form.dataset.state = "done";
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", form.q.value);
    history.replaceState(null, "", url);
    search(form.q.value);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { form.q.value = initial; search(initial); }
})();
