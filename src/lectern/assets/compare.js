/* lectern: the compare view, compare/#<slugA>-<pidA>--<slugB>-<pidB> (see lectern/compare.py). Shows
   the pair the address names, from <data-lx-views><slugA>/<pidA>.json: {pair id: {title, html}}. */
(() => {
  "use strict";
  const PAIR = /^([a-z0-9-]+?)-(p\d+[a-z]*)--[a-z0-9-]+-p\d+[a-z]*$/; // slugs never hold "--"
  const files = {}; // URL -> Promise of its views: {} when there is no such file, null when offline
  // The last pair shown on this page, and the one whose title takes the focus (Material renders
  // the page again when only the fragment changed).
  let shown, focusing;

  function views(url) {
    return (files[url] ||= fetch(url)
      .then((r) => (r.ok ? r.json() : r.status === 404 ? {} : Promise.reject()))
      .catch(() => {
        delete files[url]; // try again next time
        return null;
      }));
  }

  async function show() {
    const view = document.querySelector(".lx-cmp-view");
    const heading = document.querySelector(".md-content h1");
    const id = location.hash.slice(1);
    if (!view || !heading || view.dataset.pair === id) return;
    view.dataset.pair = id;
    view.setAttribute("aria-busy", "true");
    const page = (view.lxPage ||= { title: document.title, heading: heading.firstChild.textContent });
    const a = PAIR.exec(id); // side A: its file holds the view
    const found = a ? await views(new URL(`${view.dataset.lxViews}${a[1]}/${a[2]}.json`, location.href).href) : {};
    if (view.dataset.pair !== id || !view.isConnected) return; // the address or the page changed meanwhile
    const pair = found && Object.hasOwn(found, id) ? found[id] : null;
    view.innerHTML = pair ? pair.html : ""; // escaped by the build
    view.removeAttribute("aria-busy");
    heading.textContent = pair ? pair.title : page.heading;
    heading.tabIndex = -1;
    document.title = pair ? page.title.replace(page.heading, pair.title) : page.title;
    const missing = document.querySelector(".lx-cmp-missing");
    missing.hidden = !!pair;
    missing.firstChild.textContent = found === null ? "The passages could not be loaded (offline?)."
      : id ? `No pair of passages has the address #${id}.` : "No pair of passages was chosen.";
    lectern.contentAdded(view);
    if (shown !== undefined && shown !== id) focusing = id; // another pair: a screen reader announces it
    shown = id;
    if (focusing === id) heading.focus();
  }

  lectern.onPage(() => {
    if (!document.querySelector(".lx-cmp-view")) shown = focusing = undefined;
    show();
  });
  window.addEventListener("hashchange", show);
  if (typeof location$ !== "undefined") location$.subscribe(show); // in-page links: pushState, no hashchange
})();
