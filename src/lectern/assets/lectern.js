/* lectern: reader behaviour. Runs on every page view, including Material's instant navigation.

   This file comes first in the bundle (see publish.bundle). Feature files that follow it register
   with `lectern.onPage(fn)`, which runs `fn` on every page view (instant navigation included),
   and read the reader's settings with `lectern.settings()`; content setup (words…) registers with
   `lectern.onContent(fn)`, which also runs on content a script adds (`lectern.contentAdded`). */
(() => {
  "use strict";
  const pageHandlers = [];
  const contentHandlers = [];
  let pageShown = false; // init has run for the current page (document$ may fire before later files load)

  // Highlighting the passage or range named by the URL fragment lives in passages.js.

  /* Reader settings: kept in localStorage, applied as data attributes on <html> (which instant
     navigation keeps), and offered as controls in the header. Their storage key and defaults live in
     `lxSettings`, defined by a line in each page's <head> (publish.EARLY_SETTINGS), which applies
     pinyin, tones and text size before the text is shown. */
  const settings = window.lxSettings;
  const KEY = settings.key;

  // The site root: from this script's address (assets/lectern.js), else Material's config base.
  let root;
  try {
    root = new URL("../", document.currentScript.src).href;
  } catch {
    const config = document.querySelector("#__config, [data-md-component=config]");
    root = new URL(`${config ? JSON.parse(config.textContent).base : "."}/`, location.href).href;
  }

  function apply(current) {
    const root = document.documentElement;
    root.dataset.lxPinyin = current.pinyin;
    root.dataset.lxTones = current.tones;
    root.dataset.lxSize = current.size;
    for (const button of document.querySelectorAll(".lx-controls [data-setting=pinyin]"))
      button.setAttribute("aria-pressed", String(current.pinyin === "on"));
    for (const select of document.querySelectorAll(".lx-controls select[data-setting]"))
      select.value = current[select.dataset.setting];
    showScript(current.script);
  }

  /** Show Chinese characters in their original script, or all simplified, or all traditional. */
  function showScript(script, root = document) {
    const attribute = { simplified: "s", traditional: "t" }[script];
    for (const el of root.querySelectorAll(".lx-w [data-s], .lx-w [data-t]")) {
      if (el.dataset.o === undefined) el.dataset.o = el.textContent;
      // Only a character that changes is rewritten: a new text node is laid out again, and a page
      // in its original script would shift by fractions of a pixel after its first frame.
      const text = (attribute && el.dataset[attribute]) || el.dataset.o;
      if (el.textContent !== text) el.textContent = text;
    }
  }

  function change(name, value) {
    const current = { ...settings(), [name]: value };
    try {
      localStorage.setItem(KEY, JSON.stringify(current));
    } catch {
      /* not persisted, still applied */
    }
    apply(current);
  }

  function addControls() {
    const header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".lx-controls")) return;
    // On a phone the controls sit in a panel opened by one button; on wider screens they are inline.
    const box = document.createElement("div");
    box.className = "lx-controls";
    box.innerHTML =
      '<button type="button" class="lx-controls__toggle" aria-expanded="false" aria-controls="lx-controls-panel" ' +
      'title="Reading aids">拼<span class="lx-sr"> Reading aids</span></button>' +
      '<div class="lx-controls__panel" id="lx-controls-panel" role="group" aria-label="Reading aids">' +
      '<button type="button" class="lx-control" data-setting="pinyin" aria-pressed="true" ' +
      'title="Show or hide pinyin above Chinese characters">Pinyin</button>' +
      '<label class="lx-control"><span class="lx-control__label">Tones</span> ' +
      '<select data-setting="tones" title="Colour Chinese characters by tone">' +
      '<option value="off">No colours</option><option value="standard">Colours</option>' +
      '<option value="safe">Colour-blind safe</option></select></label>' +
      '<label class="lx-control"><span class="lx-control__label">Script</span> ' +
      '<select data-setting="script" title="Show Chinese in its original script, simplified or traditional">' +
      '<option value="original">Original</option><option value="simplified">简体</option>' +
      '<option value="traditional">繁體</option></select></label>' +
      '<label class="lx-control"><span class="lx-control__label">Size</span> ' +
      '<select data-setting="size" title="Text size of the passages, characters and pinyin together">' +
      '<option value="s">Small</option><option value="m">Normal</option><option value="l">Large</option>' +
      '<option value="xl">Larger</option></select></label></div>';
    const toggle = box.querySelector(".lx-controls__toggle");
    const open = (state) => toggle.setAttribute("aria-expanded", String(state));
    toggle.addEventListener("click", () => open(toggle.getAttribute("aria-expanded") !== "true"));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        open(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", (event) => box.contains(event.target) || open(false));
    box.querySelector("[data-setting=pinyin]").addEventListener("click", () =>
      change("pinyin", settings().pinyin === "on" ? "off" : "on"));
    for (const select of box.querySelectorAll("select"))
      select.addEventListener("change", () => change(select.dataset.setting, select.value));
    header.insertBefore(box, header.querySelector(".md-header__option, .md-search") || null);
  }

  /* Parts a page loads on first use (assets/<name>, a script or a style sheet), each once; scripts
     run in the order they are asked for. */
  const lazy = {};
  function asset(name) {
    return (lazy[name] ||= new Promise((resolve, reject) => {
      const href = new URL(`assets/${name}`, root).href;
      const node = name.endsWith(".css")
        ? Object.assign(document.createElement("link"), { rel: "stylesheet", href })
        : Object.assign(document.createElement("script"), { src: href, async: false });
      node.onload = resolve;
      node.onerror = () => {
        node.remove();
        delete lazy[name]; // try again on the next use
        reject(new Error(`${href} could not be loaded`));
      };
      document.head.append(node);
    }));
  }

  function init() {
    if (document.querySelector(".lx-cmp-view")) asset("compare.js").catch(() => {}); // the compare page: its view
    addControls();
    apply(settings());
    pageShown = true;
    for (const handler of pageHandlers) handler();
    for (const handler of contentHandlers) handler(document);
  }

  window.lectern = {
    /** Run `handler` on every page view, including Material's instant navigation. */
    onPage(handler) {
      pageHandlers.push(handler);
      if (pageShown) handler();
    },
    /** Run `handler(root)` on every page view (root: the document) and on content a script adds. */
    onContent(handler) {
      contentHandlers.push(handler);
      if (pageShown) handler(document);
    },
    /** A script put new content into `root`: show it in the reader's script and set it up. */
    contentAdded(root) {
      showScript(settings().script, root);
      for (const handler of contentHandlers) handler(root);
    },
    settings,
    /** The site root's address (for the API files and assets a script fetches). */
    root,
    /** Load assets/<names> once each (a Promise): scripts run in the order asked for. */
    assets: (...names) => Promise.all(names.map(asset)),
    /** Whether assets/<name> was asked for. */
    asked: (name) => name in lazy,
  };

  apply(settings()); // before first paint of the content, so there is no flash of readings
  window.addEventListener("storage", (event) => event.key === KEY && apply(settings())); // other tabs

  if (typeof document$ !== "undefined") document$.subscribe(init); // Material: every page view, including instant navigation
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
