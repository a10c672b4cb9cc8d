/* lectern: reader behaviour. Runs on every page view, including Material's instant navigation. */
(() => {
  "use strict";

  /** Mark the passage named by the URL fragment (#p3), so readers see which one a link means. */
  function markTarget() {
    for (const el of document.querySelectorAll(".lx-passage.lx-target")) el.classList.remove("lx-target");
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id && document.getElementById(id);
    if (el && el.classList.contains("lx-passage")) el.classList.add("lx-target");
  }

  function init() {
    markTarget();
  }

  window.addEventListener("hashchange", markTarget);
  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material: every page view, including instant navigation
    // Material follows in-page links with history.pushState, which fires no hashchange.
    if (typeof location$ !== "undefined") location$.subscribe(markTarget);
  } else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
