/* lectern: parallel passages. The marker after a passage number (button.lx-par) opens and closes
   the panel it controls (data-lx-panel, also its aria-controls); Escape or a click elsewhere closes it. One panel is open
   at a time. A panel's list is fetched when it is first opened: data-lx-src names the file and,
   after "#", the passage's key in it. Markup: see lectern/compare.py. */
(() => {
  "use strict";

  const files = new Map(); // file address -> promise of its panels

  async function fill(panel) {
    const [file, key] = panel.dataset.lxSrc.split("#");
    const url = new URL(file, location.href).href;
    if (!files.has(url)) files.set(url, fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(r.status))));
    panel.setAttribute("aria-busy", "true");
    try {
      panel.innerHTML = (await files.get(url))[key] ?? "<p>No parallels found for this passage.</p>";
      delete panel.dataset.lxSrc;
    } catch {
      files.delete(url);
      panel.innerHTML = "<p>The list of parallels could not be loaded. Try again.</p>";
    }
    panel.removeAttribute("aria-busy");
  }

  function toggle(button, open) {
    const panel = document.getElementById(button.dataset.lxPanel);
    if (!panel) return;
    if (open)
      for (const other of document.querySelectorAll('button.lx-par[aria-expanded="true"]'))
        if (other !== button) toggle(other, false);
    button.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
    if (open && panel.dataset.lxSrc && !panel.hasAttribute("aria-busy")) fill(panel);
  }

  function openButton() {
    return document.querySelector('button.lx-par[aria-expanded="true"]');
  }

  document.addEventListener("keydown", (event) => {
    const button = event.key === "Escape" && openButton();
    if (!button) return;
    toggle(button, false);
    button.focus();
  });
  // Delegated: markers a script adds later (the students' page) work as the page's own.
  document.addEventListener("click", (event) => {
    const marker = event.target.closest("button.lx-par");
    if (marker) return toggle(marker, marker.getAttribute("aria-expanded") !== "true");
    const button = openButton();
    if (button && !event.target.closest(".lx-par-panel")) toggle(button, false);
  });
})();
