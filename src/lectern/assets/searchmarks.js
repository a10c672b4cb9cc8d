/* lectern: search hits on the page, for Chinese.

   Material's search.highlight marks the query's words on the page a result opens (?h=…), text node
   by text node; a Chinese word on this site is ruby, one character per element, which it cannot
   mark. Here each ruby word (ruby.lx-w) that a query term covers gets the class lx-hit, in the
   script on the page: a Chinese term (either script) by the words' simplified characters, a pinyin
   term (tone marks, tone numbers, ü as v or u, all as the search worker reads them) by the words'
   toneless pinyin, from a word's start. */
(() => {
  "use strict";
  const HAN = /\p{sc=Han}/u;

  function toneless(text) {
    return text.normalize("NFD").toLowerCase().replace(/u\u0308|u:/g, "v")
      .replace(/[\u0300-\u036f]/g, "").replace(/([a-z])[0-5]/g, "$1").replace(/[^a-z\p{sc=Han}]/gu, "");
  }

  function simplified(word) {
    return [...word.querySelectorAll(":scope > span")].map(c => c.dataset.s || c.textContent).join("");
  }

  /** Mark the words of one passage covered by a term: strings of consecutive words, offsets kept. */
  function markRuns(words, texts, terms) {
    const joined = texts.join(""), starts = [];
    let at = 0;
    for (const t of texts) { starts.push(at); at += t.length; }
    for (const term of terms) {
      if (!term) continue;
      for (let i = joined.indexOf(term); i >= 0; i = joined.indexOf(term, i + 1)) {
        const first = starts.findLastIndex(s => s <= i);
        if (starts[first] !== i && !HAN.test(term)) continue;  // pinyin: from a word's start
        for (let w = first; w < words.length && starts[w] < i + term.length; w++) words[w].classList.add("lx-hit");
      }
    }
  }

  function mark() {
    const query = new URLSearchParams(location.search).get("h");
    if (!query) return;
    const terms = query.split(/\s+/).map(toneless).filter(Boolean);
    const han = terms.filter(t => HAN.test(t)), latin = terms.filter(t => !HAN.test(t));
    if (!han.length && !latin.length) return;
    const groups = new Map();  // words grouped by their passage (or block), in page order
    for (const w of document.querySelectorAll(".md-content ruby.lx-w")) {
      const block = w.closest(".lx-passage, p, li, td, dd") || w.parentElement;
      if (!groups.has(block)) groups.set(block, []);
      groups.get(block).push(w);
    }
    for (const words of groups.values()) {
      if (han.length) {
        const t2s = {};
        for (const w of words) for (const c of w.querySelectorAll(":scope > span[data-s]")) t2s[c.textContent] = c.dataset.s;
        markRuns(words, words.map(simplified), han.map(t => [...t].map(c => t2s[c] || c).join("")));
      }
      if (latin.length) markRuns(words, words.map(w => toneless(w.dataset.py || "")), latin);
    }
  }

  if (typeof document$ !== "undefined") document$.subscribe(mark);
  else document.addEventListener("DOMContentLoaded", mark);
})();
