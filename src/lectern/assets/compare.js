/* lectern: the compare view. One page, compare/, shows any pair of parallel passages; the address
   names it: compare/#<slugA>-<pidA>--<slugB>-<pidB>. Each view is pre-rendered (lectern/compare.py)
   into <data-lx-views><slugA>.json, {pair id: {title, html}}; this shows the one the address names,
   on load and whenever the address changes. Markup: see lectern/compare.py. */
(() => {
  "use strict";
  const PAIR = /^([a-z0-9-]+?)-p\d+[a-z]*--[a-z0-9-]+-p\d+[a-z]*$/; // slugs never hold "--"
  const files = {}; // URL -> Promise of its views ({} when there is no such file, null when offline)
  // The pair shown last while the reader stays on this page, and the one whose title takes the focus
  // (kept across Material's re-rendering of the page when only the fragment changed).
  let shown, focusing;

  function views(url) {
    return (files[url] ||= fetch(url)
      .then((r) => (r.ok ? r.json() : r.status === 404 ? {} : Promise.reject(new Error(`${r.status}`))))
      .catch(() => {
        delete files[url]; // try again on the next change
        return null;
      }));
  }

  async function show() {
    const view = document.querySelector(".lx-cmp-view");
    const heading = document.querySelector(".md-content h1");
    if (!view || !heading) return;
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      id = location.hash.slice(1); // not a pair: shown as written
    }
    if (view.dataset.pair === id) return;
    view.dataset.pair = id;
    view.setAttribute("aria-busy", "true");
    view.lxPage ||= { title: document.title, heading: heading.firstChild.textContent };
    const slug = PAIR.exec(id)?.[1]; // side A's source: its file holds the view
    const found = slug ? await views(new URL(`${view.dataset.lxViews}${slug}.json`, location.href).href) : {};
    if (view.dataset.pair !== id || !view.isConnected) return; // the address or the page changed meanwhile
    const pair = found && Object.hasOwn(found, id) ? found[id] : null;
    const { title, heading: text } = view.lxPage;
    view.innerHTML = pair ? pair.html : ""; // escaped by the build
    view.removeAttribute("aria-busy");
    heading.textContent = pair ? pair.title : text;
    heading.tabIndex = -1;
    document.title = pair ? title.replace(text, pair.title) : title;
    const missing = document.querySelector(".lx-cmp-missing");
    if (missing) {
      missing.hidden = !!pair;
      missing.firstChild.textContent = found === null ? "The passages could not be loaded (offline?)."
        : id ? `No pair of passages has the address #${id}.` : "No pair of passages was chosen.";
    }
    lectern.contentAdded(view);
    if (shown !== undefined && shown !== id) focusing = id; // the reader moved to another pair…
    shown = id;
    if (focusing === id) heading.focus(); // …which a screen reader announces
  }

  lectern.onPage(() => {
    if (!document.querySelector(".lx-cmp-view")) shown = focusing = undefined;
    show();
  });
  window.addEventListener("hashchange", show);
  // Material follows in-page links with history.pushState, which fires no hashchange.
  if (typeof location$ !== "undefined") location$.subscribe(show);
})();
