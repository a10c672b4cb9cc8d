/* lectern: assignments shared by link, loaded on first use (see assign.js): before teacher.js, the
   tray, which makes the links, and alone on the students' page, which reads them. The
   builder (teacher.js) saves a draft as a link to assignments/shared/#1.<data>: the data is the assignment as JSON ({t: title, i: instructions,
   q: [questions], p: ["source-slug#p3-p5", …]}, passage references, never their text), compressed
   with deflate-raw and written in base64url. No server keeps anything: the link is the assignment.

   On assignments/shared/ this file reads the link and shows the assignment: the passages as their
   source pages show them (fetched from the site, with pinyin, glossary terms, popups and parallels), the
   questions, the vocabulary with CSV and Anki downloads made from api/vocabulary.json exactly as
   the build makes its own (lectern.assignments.combine, lectern.handouts), and a Print button.
   Everything the link holds is treated as text; a link it cannot read gets a message, nothing else. */
(() => {
  "use strict";
  const { MAX_PASSAGES } = window.lxDraft; // passages in one assignment (assign.js)
  const MAX_LINK = 8000; // characters of the link's fragment (the part after #)
  const MAX_DATA = 64 * 1024; // bytes of JSON once decompressed: a bigger one is not from the builder
  const LIMIT = "An assignment link holds up to 100 passages and is at most 8,000 characters long.";
  const REF = /^([a-z0-9]+(?:-[a-z0-9]+)*)#(p\d+[a-z]*)(?:-(p\d+[a-z]*))?$/;

  const root = lectern.root;
  const cached = {};
  const json = (path) =>
    (cached[path] ||= fetch(new URL(path, root))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${path}: HTTP ${r.status}`))))
      .catch((error) => {
        delete cached[path];
        throw error;
      }));

  class LinkError extends Error {}

  /* --- the link ------------------------------------------------------------------------- */

  async function transform(bytes, stream, limit = Infinity) {
    const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        throw new LinkError("This link holds more than an assignment can: it was not made by the assignment builder.");
      }
      chunks.push(value);
    }
    return new Uint8Array(await new Blob(chunks).arrayBuffer());
  }

  function base64url(bytes) {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unbase64url(text) {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }

  /** The fragment (without #) of a link to the assignment `{t, i, q, p}`. */
  async function encode(assignment) {
    const bytes = new TextEncoder().encode(JSON.stringify(assignment));
    return `1.${base64url(await transform(bytes, new CompressionStream("deflate-raw")))}`;
  }

  const DAMAGED = "This assignment link is damaged or incomplete: ask for the link again, and copy all of it.";

  /** The assignment a fragment holds, its shape checked; throws LinkError with a reader's message. */
  async function decode(fragment) {
    if (!fragment) throw new LinkError("This page opens an assignment from its link, and this address holds none. Teachers make one with “Add to assignment” on any source page.");
    if (fragment.length > MAX_LINK) throw new LinkError(`This link is too long to be an assignment. ${LIMIT}`);
    const m = /^1\.([A-Za-z0-9_-]+)$/.exec(fragment);
    if (!m) throw new LinkError(DAMAGED);
    let data;
    try {
      const bytes = await transform(unbase64url(m[1]), new DecompressionStream("deflate-raw"), MAX_DATA);
      data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (error) {
      throw error instanceof LinkError ? error : new LinkError(DAMAGED);
    }
    const text = (v, max) => typeof v === "string" && v.length <= max;
    const ok =
      data && typeof data === "object" && !Array.isArray(data) &&
      text(data.t, 300) && text(data.i ?? "", 10000) &&
      Array.isArray(data.q ?? []) && (data.q ?? []).length <= 100 && (data.q ?? []).every((q) => text(q, 2000)) &&
      Array.isArray(data.p) && data.p.length >= 1 && data.p.length <= MAX_PASSAGES && data.p.every((r) => text(r, 300));
    if (!ok) throw new LinkError(DAMAGED);
    const bad = data.p.find((r) => !REF.test(r));
    if (bad !== undefined) throw new LinkError(`This link names a passage in a form the site does not know: “${bad}”.`);
    return { t: data.t, i: data.i ?? "", q: data.q ?? [], p: data.p };
  }

  /** The passages of each reference, in reading order: [{ref, slug, source, pids}]; throws LinkError. */
  function resolve(refs, api) {
    const sources = new Map(api.sources.map((s) => [s.slug, s]));
    const order = new Map();
    for (const p of api.passages) (order.get(p.source) || order.set(p.source, []).get(p.source)).push(p.id);
    let total = 0;
    return refs.map((ref) => {
      const [, slug, first, last = first] = REF.exec(ref);
      if (!sources.has(slug)) throw new LinkError(`This link names a source that is not on this site: “${slug}”. It may have been removed or renamed.`);
      const ids = order.get(slug) || [];
      for (const pid of [first, last])
        if (!ids.includes(pid)) throw new LinkError(`This link names passage ${pid} of “${sources.get(slug).title}”, which has no such passage.`);
      const i = ids.indexOf(first), j = ids.indexOf(last);
      if (i > j) throw new LinkError(DAMAGED);
      total += j - i + 1;
      if (total > MAX_PASSAGES) throw new LinkError(`This link names more passages than an assignment can hold. ${LIMIT}`);
      return { ref, slug, source: sources.get(slug), pids: ids.slice(i, j + 1) };
    });
  }

  /** Passages ([source slug, passage id] in the teacher's order) as references: consecutive
      passages of one source, in reading order, become one range. */
  function references(items, api) {
    const order = new Map(api.passages.map((p, i) => [`${p.source}#${p.id}`, i]));
    const refs = [];
    let run = null;
    for (const [slug, pid] of items) {
      const at = order.get(`${slug}#${pid}`);
      if (run && run.slug === slug && at === run.at + 1) Object.assign(run, { last: pid, at });
      else refs.push((run = { slug, first: pid, last: pid, at }));
    }
    return refs.map((r) => (r.first === r.last ? `${r.slug}#${r.first}` : `${r.slug}#${r.first}-${r.last}`));
  }

  /* --- vocabulary: as lectern.assignments.combine and lectern.handouts write it ------------ */

  function vocabulary(passages, api) {
    const ids = [], words = [];
    for (const [slug, pid] of passages) {
      const found = api.passages[slug]?.[pid];
      if (found) ids.push(...found.t), words.push(...found.w);
    }
    const items = [], covered = [], seen = new Set();
    for (const id of new Set(ids)) {
      const term = api.terms[id];
      if (term) items.push(term.slice(0, 4)), covered.push(...term[4]);
    }
    for (const [chinese, simple, pinyin, headword, definition] of words) {
      if (seen.has(chinese)) continue;
      seen.add(chinese);
      if (!covered.some((form) => form.includes(simple))) items.push([headword, chinese, pinyin, definition]);
    }
    return items; // [headword, chinese, pinyin, definition]
  }

  function csv(items) {
    const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const rows = [["headword", "chinese", "pinyin", "definition"], ...items];
    return "\ufeff" + rows.map((r) => r.map(field).join(",") + "\r\n").join("");
  }

  function anki(items, tag) {
    const clean = (t) => t.split(/\s+/).filter(Boolean).join(" ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const note = ([headword, chinese, pinyin, definition]) => {
      const meaning = [chinese ? headword : "", definition].filter(Boolean).join("; ");
      const back = [clean(pinyin), clean(meaning)].filter(Boolean).join("<br>");
      return `${clean(chinese || headword)}\t${back}\n`;
    };
    const header = ["#separator:tab", "#html:true", ...(tag ? [`#tags:${tag}`] : [])];
    return header.map((l) => l + "\n").join("") + items.map(note).join("");
  }

  const slug = (title) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "assignment";

  /** The assignment as a corpus/assignments/*.yml file (lectern.assignments reads it). */
  function yaml(a) {
    const q = (text) => JSON.stringify(text); // a JSON string is a YAML double-quoted scalar
    const lines = [
      "# An assignment made with the assignment builder. To publish it on the site, save it as",
      `# corpus/assignments/${slug(a.t)}.yml and build the site (see the README).`,
      `title: ${q(a.t)}`,
    ];
    if (a.i) lines.push(`instructions: ${q(a.i)}`);
    lines.push("passages:", ...a.p.map((r) => `  - ${r}`));
    if (a.q.length) lines.push("questions:", ...a.q.map((x) => `  - ${q(x)}`));
    return lines.join("\n") + "\n";
  }

  /* --- the shared page -------------------------------------------------------------------- */

  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  function download(name, text, type) {
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    return a;
  }

  const pages = {};
  const sourcePage = (slug) =>
    (pages[slug] ||= fetch(new URL(`sources/${slug}/`, root))
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((html) => new DOMParser().parseFromString(html, "text/html")));

  function passageFrom(doc, slug, pid) {
    const found = [...doc.querySelectorAll(".lx-passage")].find((p) => p.dataset.source === slug && p.dataset.pid === pid);
    if (!found) throw new LinkError(`Passage ${pid} of “${slug}” could not be found on its page.`);
    const copy = document.importNode(found, true);
    copy.querySelectorAll("script").forEach((n) => n.remove());
    copy.querySelectorAll("[id]").forEach((n) => n.removeAttribute("id"));
    copy.id = `${slug}-${pid}`; // as on an assignment page the build makes
    const page = new URL(`sources/${slug}/`, root).href;
    for (const a of copy.querySelectorAll("a[href^='#']")) a.href = page + a.getAttribute("href");
    // Its parallels, as on its source page: the panel named after the passage here, as the build
    // names it on an assignment page, its list from the source's file.
    const marker = copy.querySelector(":scope > .lx-par");
    const panel = copy.querySelector(":scope > .lx-par-panel");
    if (marker && panel) {
      panel.id = `lx-par-${copy.id}`;
      marker.dataset.lxPanel = panel.id;
      marker.setAttribute("aria-controls", panel.id);
      panel.dataset.lxSrc = new URL(panel.dataset.lxSrc, page).href;
    }
    return copy;
  }

  const label = (pids) => (pids.length === 1 ? `passage ${pids[0].slice(1)}` : `passages ${pids[0].slice(1)}–${pids.at(-1).slice(1)}`);
  const plainTitle = (title) => title.replace(/\[\^[^\]]*\]/g, "").trim();

  async function show(box) {
    const status = box.querySelector(".lx-shared__status");
    try {
      const assignment = await decode(location.hash.replace(/^#/, ""));
      const [api, vocab] = await Promise.all([json("api/passages.json"), json("api/vocabulary.json")]);
      const parts = resolve(assignment.p, api);
      const docs = await Promise.all(parts.map((part) => sourcePage(part.slug)));
      const out = document.createDocumentFragment();
      const h1 = document.querySelector("article h1");
      if (h1) h1.textContent = assignment.t;
      document.title = `${assignment.t} - ${document.title.split(" - ").at(-1)}`;
      const print = el("button", { type: "button", className: "md-button lx-shared__print", textContent: "Print" });
      print.addEventListener("click", () => window.print());
      out.append(el("p", { className: "lx-shared__actions" }, print));
      if (assignment.i) {
        out.append(el("h2", { textContent: "Instructions" }));
        const div = el("div", { className: "lx-instructions" });
        for (const para of assignment.i.split(/\n\s*\n/)) if (para.trim()) div.append(el("p", { textContent: para.trim() }));
        out.append(div);
      }
      out.append(el("h2", { textContent: "Reading" }));
      const shown = [], cites = new Map(), terms = new Map();
      parts.forEach((part, n) => {
        const title = plainTitle(part.source.title);
        out.append(el("h3", { textContent: `${title}, ${label(part.pids)}` }));
        const range = part.pids.length === 1 ? part.pids[0] : `${part.pids[0]}-${part.pids.at(-1)}`;
        const who = [part.source.speaker || part.source.author, part.source.date].filter(Boolean).join(", ");
        const link = el("a", { href: new URL(`sources/${part.slug}/#${range}`, root).href, textContent: `Read ${label(part.pids)} in the whole text` });
        out.append(el("p", { className: "lx-context" }, who ? `${who} · ` : "", link));
        for (const pid of part.pids) {
          out.append(passageFrom(docs[n], part.slug, pid));
          shown.push([part.slug, pid]);
        }
        const cite = docs[n].querySelector(`.lx-cite-data[data-source="${CSS.escape(part.slug)}"]`);
        if (cite) cites.set(part.slug, document.importNode(cite, true));
        for (const entry of docs[n].querySelectorAll(".lx-gloss[id]")) if (!terms.has(entry.id)) terms.set(entry.id, entry);
      });
      if (assignment.q.length) {
        out.append(el("h2", { textContent: "Questions" }));
        out.append(el("ol", { className: "lx-questions" }, ...assignment.q.map((q) => el("li", { textContent: q }))));
      }
      const items = vocabulary(shown, vocab);
      if (items.length) {
        out.append(el("h2", { textContent: "Vocabulary" }));
        const csvLink = download("vocabulary.csv", csv(items), "text/csv;charset=utf-8");
        csvLink.textContent = "CSV (spreadsheet)";
        const ankiLink = download("vocabulary-anki.txt", anki(items, slug(assignment.t)), "text/plain;charset=utf-8");
        ankiLink.textContent = "Anki (tab-separated)";
        out.append(el("p", { className: "lx-exports" }, "Vocabulary of this assignment: ", csvLink, " · ", ankiLink));
        const head = el("tr", {}, ...["Headword", "Chinese", "Pinyin", "Definition"].map((h) => el("th", { scope: "col", textContent: h })));
        const rows = items.map(([headword, chinese, pinyin, definition]) => {
          const zh = el("td", { textContent: chinese });
          zh.lang = "zh";
          return el("tr", {}, el("td", { textContent: headword }), zh, el("td", { textContent: pinyin }), el("td", { textContent: definition }));
        });
        const table = el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
        out.append(el("div", { className: "lx-vocabulary" }, table));
      }
      const needed = new Set([...out.querySelectorAll(".lx-term[data-term]")].map((t) => t.dataset.term));
      const entries = [...terms.values()].filter((e) => needed.has(e.dataset.term)).map((e) => document.importNode(e, true));
      if (entries.length) {
        out.append(el("h2", { textContent: "Terms in this assignment", id: "terms-in-this-text" }));
        out.append(el("section", { className: "lx-glossary" }, ...entries));
      }
      out.append(...cites.values());
      box.replaceChildren(out);
      lectern.contentAdded(box);
    } catch (error) {
      const message = error instanceof LinkError ? error.message : `The assignment could not be loaded (${error.message}). Check your connection and reload the page.`;
      const alert = el("p", { className: "lx-shared__error", textContent: message });
      alert.setAttribute("role", "alert");
      status.replaceWith(alert);
    }
  }

  let showing = null;
  /** On the students' page, show the assignment its link holds (once per page). */
  function shared() {
    const box = document.querySelector(".lx-shared");
    if (box && showing !== box) show((showing = box));
  }

  window.lxAssign = { MAX_PASSAGES, MAX_LINK, LIMIT, root, json, encode, decode, references, vocabulary, csv, anki, yaml, slug, download, el, shared };
  window.addEventListener("hashchange", () => {
    const box = document.querySelector(".lx-shared");
    if (box) location.reload(); // a new assignment: start from the page as built
  });
})();
