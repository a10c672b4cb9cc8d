/* lectern: links to passages and ranges, "copy link" and "cite".

   A URL ending in #p3 or #p3-p5 highlights that passage or range (in reading order, so #p2-p3
   includes an inserted p2a) and scrolls to it: on first load, on in-page links and after Material's
   instant navigation. Every passage gets two buttons after its number: "Copy link" puts the
   passage's absolute URL on the clipboard; "Cite" opens a Chicago-style citation to copy. The
   citation of each source is on the page (.lx-cite-data, written by lectern.handouts.Citations). */
(() => {
  "use strict";
  const RANGE = /^(p\d+[a-z]*)(?:-(p\d+[a-z]*))?$/;

  /** The passages a fragment names, in page order: [] for anything else. */
  function passagesOf(hash) {
    let id;
    try {
      id = decodeURIComponent(hash.replace(/^#/, ""));
    } catch {
      return [];
    }
    const m = RANGE.exec(id);
    if (!m) return [];
    const first = document.getElementById(m[1]);
    const last = document.getElementById(m[2] || m[1]);
    if (!first || !last || !first.matches(".lx-passage") || !last.matches(".lx-passage")) return [];
    const all = [...document.querySelectorAll(".lx-passage")];
    const i = all.indexOf(first), j = all.indexOf(last);
    return i <= j ? all.slice(i, j + 1) : [];
  }

  /** Highlight the passages named by the address; scroll a range into view (the browser only
      scrolls to a single id by itself). */
  function markTarget(scroll) {
    for (const el of document.querySelectorAll(".lx-passage.lx-target"))
      el.classList.remove("lx-target", "lx-target--first", "lx-target--last");
    const shown = passagesOf(location.hash);
    for (const el of shown) el.classList.add("lx-target");
    if (shown.length > 1) {
      shown[0].classList.add("lx-target--first");
      shown[shown.length - 1].classList.add("lx-target--last");
    }
    if (scroll && shown.length > 1) {
      // after the browser's and Material's own scrolling on load or navigation
      requestAnimationFrame(() => shown[0].isConnected && shown[0].scrollIntoView({ block: "start" }));
    }
  }

  /* --- copy link and cite ---------------------------------------------------------------- */

  function label(passage) {
    return passage.querySelector(".lx-pn")?.textContent.trim() || passage.id;
  }

  function sourceData(passage) {
    const slug = passage.dataset.source;
    return slug ? document.querySelector(`.lx-cite-data[data-source="${CSS.escape(slug)}"]`) : null;
  }

  /** The passage's absolute URL on its source page, whichever page shows it. */
  function passageUrl(passage) {
    const data = sourceData(passage);
    const pid = passage.dataset.pid || passage.id;
    const url = new URL(data ? data.dataset.href : "", location.href);
    url.hash = pid;
    return url.href;
  }

  function citationText(passage) {
    const data = sourceData(passage);
    const source = data ? data.dataset.cite + " " : "";
    return `${source}Passage ${label(passage)}. ${passageUrl(passage)}.`;
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // no clipboard API (an http: site that is not localhost): the old way
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "lx-offscreen";
      document.body.append(area);
      area.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch {
        done = false;
      }
      area.remove();
      return done;
    }
  }

  /** The live region that says "Link copied"; it exists before it speaks, so screen readers hear it. */
  function statusRegion() {
    let status = document.querySelector(".lx-status");
    if (!status) {
      status = document.createElement("div");
      status.className = "lx-status";
      status.setAttribute("role", "status");
      document.body.append(status);
    }
    return status;
  }

  let statusTimer = 0;
  function announce(message) {
    const status = statusRegion();
    status.textContent = message;
    status.classList.add("lx-status--shown");
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => status.classList.remove("lx-status--shown"), 2500);
  }

  /** A button; with `shown` its visible label is drawn by CSS (data-label), so it is not part of
      the passage's text: not copied with it, not read as part of it by scripts. */
  function button(action, text, name, shown = false) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "lx-tool";
    b.dataset.action = action;
    if (shown) b.dataset.label = text;
    else b.textContent = text;
    b.setAttribute("aria-label", name);
    return b;
  }

  function addTools() {
    for (const passage of document.querySelectorAll(".lx-passage")) {
      if (passage.querySelector(":scope > .lx-tools")) continue;
      const n = label(passage);
      const tools = document.createElement("span");
      tools.className = "lx-tools";
      const cite = button("cite", "Cite", `Cite passage ${n}`, true);
      cite.setAttribute("aria-expanded", "false");
      tools.append(button("link", "Copy link", `Copy link to passage ${n}`, true), cite);
      const number = passage.querySelector(":scope > .lx-pn");
      if (number) number.after(tools);
      else passage.prepend(tools);
    }
  }

  function toggleCitation(passage, trigger) {
    const open = passage.querySelector(":scope > .lx-cite");
    if (open) {
      open.remove();
      trigger.setAttribute("aria-expanded", "false");
      return;
    }
    const panel = document.createElement("div");
    panel.className = "lx-cite";
    panel.id = `lx-cite-${passage.id}`;
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", `Citation of passage ${label(passage)}`);
    const text = document.createElement("p");
    text.className = "lx-cite__text";
    text.textContent = citationText(passage);
    panel.append(text, button("copy-cite", "Copy citation", "Copy citation"));
    passage.append(panel);
    trigger.setAttribute("aria-controls", panel.id);
    trigger.setAttribute("aria-expanded", "true");
    panel.querySelector("button").focus();
  }

  document.addEventListener("click", async (event) => {
    const tool = event.target instanceof Element && event.target.closest(".lx-passage .lx-tool");
    if (!tool) return;
    const passage = tool.closest(".lx-passage");
    const action = tool.dataset.action;
    if (action === "cite") toggleCitation(passage, tool);
    else if (action === "link")
      announce((await copy(passageUrl(passage))) ? "Link copied" : "Could not copy: use the passage number's link");
    else if (action === "copy-cite")
      announce((await copy(citationText(passage))) ? "Citation copied" : "Could not copy: select the citation");
  });

  document.addEventListener("keydown", (event) => {
    const panel = event.key === "Escape" && event.target instanceof Element && event.target.closest(".lx-cite");
    if (!panel) return;
    const trigger = panel.closest(".lx-passage").querySelector('.lx-tool[data-action="cite"]');
    panel.remove();
    trigger.setAttribute("aria-expanded", "false");
    trigger.focus();
  });

  /* --- printing: links show their address on paper --------------------------------------- */

  function markPrintedLinks() {
    for (const a of document.querySelectorAll(".md-content article a[href]")) {
      if (a.matches(".lx-pn, .headerlink, .lx-fnref a, .lx-note-label") || a.getAttribute("href").startsWith("#")) continue;
      const text = a.textContent.trim();
      // absolute, whatever base path the site has; nothing when the link text is the address
      a.dataset.printHref = text === a.href || text === a.getAttribute("href") ? "" : a.href;
    }
  }

  Object.assign(lectern, { say: announce, copy }); // for the other features (assign.js, teacher.js)

  lectern.onPage(() => {
    statusRegion();
    addTools();
    markPrintedLinks();
    markTarget(true);
  });
  window.addEventListener("hashchange", () => markTarget(true));
  // Material follows in-page links with history.pushState, which fires no hashchange.
  if (typeof location$ !== "undefined") location$.subscribe(() => markTarget(true));
})();
