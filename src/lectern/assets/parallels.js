/* lectern: parallel passages. The marker after a passage number (button.lx-par) opens and closes
   the panel it controls (data-lx-panel, also its aria-controls); Escape or a click elsewhere closes it. One panel is open
   at a time. Markup: see lectern/compare.py. */
(() => {
  "use strict";

  function toggle(button, open) {
    const panel = document.getElementById(button.dataset.lxPanel);
    if (!panel) return;
    if (open)
      for (const other of document.querySelectorAll('button.lx-par[aria-expanded="true"]'))
        if (other !== button) toggle(other, false);
    button.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
  }

  function openButton() {
    return document.querySelector('button.lx-par[aria-expanded="true"]');
  }

  lectern.onPage(() => {
    for (const button of document.querySelectorAll("button.lx-par:not([data-lx-ready])")) {
      button.dataset.lxReady = "";
      button.addEventListener("click", () => toggle(button, button.getAttribute("aria-expanded") !== "true"));
    }
  });

  document.addEventListener("keydown", (event) => {
    const button = event.key === "Escape" && openButton();
    if (!button) return;
    toggle(button, false);
    button.focus();
  });
  document.addEventListener("click", (event) => {
    const button = openButton();
    if (button && !event.target.closest(".lx-par, .lx-par-panel")) toggle(button, false);
  });
})();
