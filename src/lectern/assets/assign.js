/* lectern: "Add to assignment" in each passage's tools strip (then "Remove from assignment");
   Shift+click, or "Add range", adds every passage from the last one added on this page up to this
   one. The draft (passages, title, instructions, questions) is kept in localStorage across pages.
   This is the part of the assignment builder every reader downloads. The rest is loaded on first
   use, each page only what it needs: when a draft has passages, the tray that orders and saves it
   (teacher.js, teacher.css) with the links it makes (teacher-link.js); on the students' page
   (assignments/shared/), only teacher-link.js, which reads the link and shows the assignment, and
   its styles (teacher-link.css). Runs after passages.js, which makes the strip. */
(() => {
  "use strict";
  const KEY = "lectern.assignment-draft";
  const MAX_PASSAGES = 100; // passages in one assignment (teacher-link.js checks links against it too)

  function load() {
    try {
      const d = JSON.parse(localStorage.getItem(KEY) || "{}");
      const text = (v) => (typeof v === "string" ? v : "");
      return {
        items: Array.isArray(d.items) ? d.items.filter((i) => Array.isArray(i) && i.length === 2 && i.every((x) => typeof x === "string")) : [],
        title: text(d.title),
        instructions: text(d.instructions),
        questions: text(d.questions),
        last: Array.isArray(d.last) ? d.last : null,
      };
    } catch {
      return { items: [], title: "", instructions: "", questions: "", last: null };
    }
  }

  function store(draft) {
    try {
      localStorage.setItem(KEY, JSON.stringify(draft));
    } catch {
      /* kept for this page only */
    }
  }

  const same = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];
  const has = (draft, item) => draft.items.some((i) => same(i, item));
  const keyOf = (passage) => [passage.dataset.source, passage.dataset.pid];
  const number = (passage) => passage.querySelector(":scope > .lx-pn")?.textContent.trim() || passage.dataset.pid;
  const passages = () => [...document.querySelectorAll(".lx-passage[data-source][data-pid]")].filter((p) => !p.closest(".lx-shared"));

  function tool(action, name) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "lx-tool lx-tool--assign";
    b.dataset.action = action;
    b.setAttribute("aria-label", name);
    return b;
  }

  function addButtons() {
    for (const passage of passages()) {
      const tools = passage.querySelector(":scope > .lx-tools");
      if (!tools || tools.querySelector(".lx-tool--assign")) continue;
      tools.append(tool("assign", ""), tool("assign-range", `Add passages up to ${number(passage)} to assignment`));
    }
  }

  /** Labels from the draft: added or not; "Add range" where a range can start (the last passage
      added is on this page, from this source) and this passage is not in the draft. */
  function refreshButtons() {
    const draft = load();
    const onPage = passages();
    const start = draft.last && onPage.find((p) => same(keyOf(p), draft.last) && has(draft, draft.last));
    for (const passage of onPage) {
      const n = number(passage);
      const added = has(draft, keyOf(passage));
      const toggle = passage.querySelector(":scope > .lx-tools > [data-action=assign]");
      const range = passage.querySelector(":scope > .lx-tools > [data-action=assign-range]");
      if (!toggle) continue;
      toggle.dataset.label = added ? "Remove from assignment" : "Add to assignment";
      toggle.setAttribute("aria-label", added ? `Remove passage ${n} from assignment` : `Add passage ${n} to assignment`);
      toggle.classList.toggle("lx-tool--on", added);
      range.dataset.label = "Add range";
      range.hidden = added || !start || start.dataset.source !== passage.dataset.source;
    }
  }

  function addRange(passage, draft) {
    const all = passages().filter((p) => p.dataset.source === passage.dataset.source);
    const from = all.findIndex((p) => same(keyOf(p), draft.last));
    const to = all.indexOf(passage);
    if (from < 0) return false;
    const [i, j] = from <= to ? [from, to] : [to, from];
    for (const p of all.slice(i, j + 1)) if (!has(draft, keyOf(p))) draft.items.push(keyOf(p));
    return j - i + 1;
  }

  /** The buttons; the students' page, or the tray once it is wanted. */
  function update() {
    refreshButtons();
    if (document.querySelector(".lx-shared")) {
      window.lxTray?.update(); // a tray from an earlier page goes: the page is a clean handout
      lectern.assets("teacher-link.css", "teacher-link.js").then(
        () => window.lxAssign.shared(),
        () => (document.querySelector(".lx-shared__status").textContent = "The assignment could not be loaded: check your connection and reload the page."),
      );
    } else if (lectern.asked("teacher.js") || load().items.length)
      lectern.assets("teacher.css", "teacher-link.js", "teacher.js").then(
        () => window.lxTray.update(),
        () => lectern.say("The assignment builder could not be loaded: check your connection and reload the page."),
      );
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest(".lx-passage .lx-tool--assign");
    if (!button) return;
    const passage = button.closest(".lx-passage");
    const item = keyOf(passage);
    const draft = load();
    if (button.dataset.action === "assign-range" || (event.shiftKey && !has(draft, item))) {
      const count = addRange(passage, draft);
      if (count) lectern.say(`${count} passages in the assignment draft`);
      else if (!has(draft, item)) draft.items.push(item), lectern.say("Added to the assignment draft (a range starts at the last passage added on this page)");
    } else if (has(draft, item)) {
      draft.items = draft.items.filter((i) => !same(i, item));
      lectern.say("Removed from the assignment draft");
    } else {
      draft.items.push(item);
      lectern.say("Added to the assignment draft");
    }
    draft.last = has(draft, item) ? item : draft.last;
    if (draft.items.length > MAX_PASSAGES) {
      lectern.say(`An assignment holds at most ${MAX_PASSAGES} passages`);
      return;
    }
    store(draft);
    update();
  });

  window.lxDraft = { KEY, MAX_PASSAGES, load, store, update };
  lectern.onPage(() => {
    window.lxTray?.fold(); // every page starts with the tray folded
    addButtons();
    update();
  });
  window.addEventListener("storage", (event) => event.key === KEY && update()); // another tab
})();
