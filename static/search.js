// Cross-script search over one Pagefind index of the Simplified edition.
// The query is converted to Simplified (Taiwan phrases first, then characters), and
// results are shown on this edition's own URLs.
const form = document.querySelector("[data-search]");
const status = document.querySelector(".search-status");
const list = document.querySelector("[data-results]");
const lang = form.dataset.lang;
const root = new URL(form.dataset.root, location.href);

let mapPromise = null;
function loadMap() {
  if (!mapPromise) mapPromise = fetch(new URL("assets/search-map.json", root)).then((r) => r.json());
  return mapPromise;
}

export function toSimplified(query, map) {
  let out = query;
  const phrases = Object.keys(map.phrases).sort((a, b) => b.length - a.length);
  for (const p of phrases) if (out.includes(p)) out = out.split(p).join(map.phrases[p]);
  return Array.from(out).map((ch) => map.chars[ch] || ch).join("");
}

function toEdition(url) {
  return lang === "zh-hans" ? url : url.replace("/zh-hans/", "/" + lang + "/");
}

async function search(query) {
  list.replaceChildren();
  if (!query.trim()) return;
  if (location.protocol === "file:") { status.textContent = status.dataset.needsServer; return; }
  const [map, pagefind] = await Promise.all([loadMap(), import(new URL("pagefind/pagefind.js", root).href)]);
  await pagefind.options({ baseUrl: new URL(".", root).pathname });
  const q = toSimplified(query, map);
  const res = await pagefind.search(q);
  const data = await Promise.all(res.results.slice(0, 20).map((r) => r.data()));
  status.textContent = data.length ? "" : status.dataset.noResults;
  for (const d of data) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = toEdition(d.url);
    a.textContent = d.meta.title || d.url;
    const p = document.createElement("p");
    p.textContent = d.excerpt.replace(/<[^>]+>/g, "");
    li.append(a, p);
    list.append(li);
  }
  form.dataset.query = q;
}

form.addEventListener("submit", (ev) => { ev.preventDefault(); search(form.q.value); });
const initial = new URLSearchParams(location.search).get("q");
if (initial) { form.q.value = initial; search(initial); }
