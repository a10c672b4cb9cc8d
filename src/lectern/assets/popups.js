/* Popups on Chinese words (CC-CEDICT, api/dictionary.json, fetched on the first popup) and on
   glossary terms (a copy of the page's #lx-gloss-ID entry). A word inside a term opens no popup of
   its own: the term's curated entry wins. Comes after popover.js in the bundle (publish.BUNDLES). */
(() => {
  "use strict";
  const WORDS = "ruby.lx-w:not(.lx-term ruby)";
  // One tab stop per block (a passage's paragraph, a note, a header row…): the nearest of these.
  const GROUPS = "p, li, dd, td, th, blockquote, figcaption, .lx-passage, .lx-gloss";

  const url = new URL("api/dictionary.json", lectern.root).href;
  let loading = null;
  const dictionary = () =>
    (loading ||= fetch(url)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status}`))))
      .catch((error) => {
        loading = null; // retry on the next popup
        throw error;
      }));

  function node(tag, className, text, lang) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    if (lang) el.lang = lang;
    return el;
  }

  // The word's simplified (the dictionary key) and traditional forms.
  function forms(ruby) {
    const f = { s: "", t: "" };
    for (const n of ruby.childNodes) {
      if (n.nodeName === "RT") continue;
      const d = n.dataset || {}, original = d.o ?? n.textContent;
      f.s += d.s || original;
      f.t += d.t || original;
    }
    return f;
  }

  function wordCard(ruby, entries) {
    const { s, t } = forms(ruby), py = ruby.dataset.py;
    const byReading = entries[s] || {};
    const entry = byReading[py] || Object.values(byReading)[0] || { g: [] };
    const box = node("div", "lx-pop-word");
    const head = node("p", "lx-pop-head");
    head.append(node("span", "lx-pop-hw", s, "zh-Hans"));
    if (t !== s) head.append(" ", node("span", "lx-pop-hw", t, "zh-Hant"));
    head.append(" ", node("span", "lx-pop-py", py));
    box.append(head);
    if (entry.d) box.append(node("p", "lx-pop-note", `CC-CEDICT reads it ${entry.d}.`));
    if (entry.c) {
      box.append(node("p", "lx-pop-note", "Not in CC-CEDICT as one word; its parts:"));
      const list = node("ul", "lx-pop-chars");
      for (const [ch, syllable, glosses] of entry.c) {
        const li = node("li");
        li.append(node("span", "lx-pop-hw", ch, "zh-Hans"), ` ${syllable}: ${glosses.join("; ") || "—"}`);
        list.append(li);
      }
      box.append(list);
    } else if (entry.g.length) {
      const list = node("ol", "lx-pop-g");
      for (const gloss of entry.g) list.append(node("li", null, gloss));
      box.append(list);
    } else box.append(node("p", "lx-pop-note", "Not in CC-CEDICT."));
    return box;
  }

  // A copy of the term's entry, without ids or tab stops.
  function termCard(term) {
    const entry = document.getElementById(`lx-gloss-${term.dataset.term}`);
    if (!entry) return null;
    const copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    copy.className = "lx-pop-term";
    for (const el of copy.querySelectorAll("[id]")) el.removeAttribute("id");
    for (const el of copy.querySelectorAll("a, [tabindex]")) el.tabIndex = -1;
    return copy;
  }

  const { popover } = lectern;
  popover.attach(WORDS, (ruby) => dictionary().then((entries) => wordCard(ruby, entries)));
  popover.attach(".lx-term[data-term]", termCard);
  popover.rove(WORDS, GROUPS);
})();
