/* lectern.popover: one accessible popover (role=tooltip) for rich tooltips; API in README.md.
   attach(selector, content): hover, focus or tap on a match (delegated, so instant navigation
   needs nothing) shows content(trigger): Node, text, Promise of either, or null; nested
   triggers: the outermost wins. rove(selector, group): one tab stop per group, arrows inside. */
(() => {
  "use strict";
  const ID = "lx-popover";
  const attached = [];
  let tip = null;
  let current = null; // the trigger whose popover is open
  let describedBy = null; // its own aria-describedby, restored on close
  let timer = 0;
  let openAtDown = null; // open trigger at pointerdown: a second tap closes
  let dismissed = null; // closed by Escape: no reopening until the pointer leaves it

  function element() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = ID;
      tip.className = "lx-popover";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
    }
    if (!tip.isConnected) document.body.append(tip);
    return tip;
  }

  function triggerOf(node) {
    let found = null;
    if (!(node instanceof Element)) node = node && node.parentElement;
    if (!node || (tip && tip.contains(node))) return null;
    for (const a of attached) {
      const el = node.closest(a.selector);
      if (el && (!found || el.contains(found.el))) found = { el, content: a.content };
    }
    return found;
  }

  function fill(content) {
    tip.replaceChildren(content); // a string becomes text, never HTML
    place();
  }

  function open(found) {
    clearTimeout(timer);
    if (current === found.el) return;
    const content = found.content(found.el);
    close();
    if (content == null) return;
    element();
    current = found.el;
    describedBy = current.getAttribute("aria-describedby");
    current.setAttribute("aria-describedby", describedBy ? `${describedBy} ${ID}` : ID);
    tip.hidden = false;
    if (typeof content.then === "function") {
      fill("…");
      const trigger = current;
      content.then(
        (c) => current === trigger && (c == null ? close() : fill(c)),
        () => current === trigger && fill("Not available (offline?)"),
      );
    } else fill(content);
  }

  function close() {
    clearTimeout(timer);
    if (!current) return;
    if (describedBy) current.setAttribute("aria-describedby", describedBy);
    else current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
    tip.replaceChildren();
  }

  // Below the trigger (else above), centred, inside the visual viewport (a phone's can be smaller).
  function place() {
    if (!current) return;
    const gap = 6, edge = 8, html = document.documentElement;
    const v = window.visualViewport || { offsetLeft: 0, offsetTop: 0, width: html.clientWidth, height: html.clientHeight };
    tip.style.left = tip.style.top = "0px";
    const r = current.getBoundingClientRect();
    const w = tip.offsetWidth, h = tip.offsetHeight;
    const x0 = v.offsetLeft + edge, x1 = v.offsetLeft + v.width - edge;
    const y0 = v.offsetTop + edge, y1 = v.offsetTop + v.height - edge;
    const left = Math.max(x0, Math.min(r.left + r.width / 2 - w / 2, x1 - w));
    let top = r.bottom + gap;
    if (top + h > y1 && r.top - gap - h >= y0) top = r.top - gap - h;
    top = Math.max(y0, Math.min(top, y1 - h));
    tip.style.left = `${Math.round(left + scrollX)}px`;
    tip.style.top = `${Math.round(top + scrollY)}px`;
  }

  const inside = (node) => (current && current.contains(node)) || (tip && tip.contains(node));

  function listen() {
    document.addEventListener("pointerover", (e) => {
      if (e.pointerType === "touch") return; // taps: pointerup
      const found = triggerOf(e.target);
      if (found && found.el !== dismissed) open(found);
      else if (inside(e.target)) clearTimeout(timer);
    });
    document.addEventListener("pointerout", (e) => {
      if (dismissed && !dismissed.contains(e.relatedTarget)) dismissed = null;
      if (e.pointerType === "touch" || !current || inside(e.relatedTarget)) return;
      if (inside(e.target)) timer = setTimeout(close, 200); // time to move onto the popover
    });
    document.addEventListener("pointerdown", (e) => {
      openAtDown = current;
      if (current && !inside(e.target)) close();
    });
    document.addEventListener("pointerup", (e) => {
      if (e.pointerType === "mouse") return; // mice: hover
      const found = triggerOf(e.target);
      if (found && openAtDown === found.el) close();
      else if (found) open(found);
    });
    document.addEventListener("focusin", (e) => {
      const found = triggerOf(e.target);
      if (found) open(found);
    });
    document.addEventListener("focusout", (e) => {
      if (current && current.contains(e.target) && !inside(e.relatedTarget)) close();
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && current) {
        dismissed = current;
        close();
        e.stopPropagation();
      }
    });
    window.addEventListener("resize", () => place()); // e.g. a phone's URL bar folding
  }

  function rove(selector, group) {
    const items = (el) => {
      const box = el.closest(group);
      return box ? [...box.querySelectorAll(selector)].filter((i) => i.closest(group) === box) : [el];
    };
    const stop = (el) => {
      for (const i of items(el)) i.tabIndex = i === el ? 0 : -1;
    };
    lectern.onContent((root) => {
      for (const box of root.querySelectorAll(group)) {
        const first = box.querySelector(selector);
        if (first && first.closest(group) === box) stop(first);
      }
    });
    document.addEventListener("focusin", (e) => e.target.matches?.(selector) && stop(e.target));
    document.addEventListener("keydown", (e) => {
      if (!e.target.matches?.(selector) || e.altKey || e.ctrlKey || e.metaKey) return;
      const list = items(e.target), at = list.indexOf(e.target);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: list.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = list[Math.max(0, Math.min(to, list.length - 1))];
      stop(next);
      next.focus();
    });
  }

  lectern.popover = {
    attach(selector, content) {
      if (!attached.length) listen();
      attached.push({ selector, content });
    },
    rove,
    close,
  };
  lectern.onContent(close); // instant navigation or a script replaced the trigger
})();
