/* lectern: the assignment builder's tray, loaded on first use by assign.js (after teacher-link.js,
   with teacher.css): when the draft has passages, never on the students' page. The
   "Assignment draft" tray shows the draft kept by assign.js, where it is ordered and saved: Save gives
   a link to assignments/shared/ that holds the whole assignment (teacher-link.js) and the YAML for
   corpus/assignments/. Escape closes the open tray.
   The tray opens and folds on this page only: every page starts with it folded. On a wide screen
   it sits in the right-hand column (the table of contents), beside the text, never over it; on a
   narrower one it is a sheet at the foot of the screen, and the page keeps room to scroll past it.
   api/passages.json (every passage's text) is fetched only when the tray is opened or saved. */
(() => {
  "use strict";
  const A = () => window.lxAssign;
  const { load, store } = window.lxDraft;

  /* --- the tray ----------------------------------------------------------------------------- */

  let titles = null; // source slug -> title, from api/passages.json once the tray is opened
  let open = false; // this page's: a new page starts with the tray folded

  function trayHtml() {
    const tray = document.createElement("section");
    tray.className = "lx-tray";
    tray.setAttribute("aria-label", "Assignment draft");
    tray.innerHTML =
      '<button type="button" class="lx-tray__toggle" aria-expanded="false" aria-controls="lx-tray-body">' +
      '<span>Assignment draft</span> <span class="lx-tray__count"></span></button>' +
      '<div class="lx-tray__body" id="lx-tray-body" hidden>' +
      '<ol class="lx-tray__list"></ol>' +
      '<label class="lx-tray__field">Title <input type="text" name="title" maxlength="300"></label>' +
      '<label class="lx-tray__field">Instructions <textarea name="instructions" rows="3" maxlength="10000"></textarea></label>' +
      '<label class="lx-tray__field">Questions (one per line) <textarea name="questions" rows="3"></textarea></label>' +
      '<p class="lx-tray__limit"></p>' +
      '<p class="lx-tray__actions"><button type="button" class="lx-tray__button lx-tray__button--primary" data-do="save">Save</button> ' +
      '<button type="button" class="lx-tray__button" data-do="clear">Clear draft</button></p>' +
      '<p class="lx-tray__message" role="status"></p>' +
      '<div class="lx-tray__saved" hidden>' +
      '<label class="lx-tray__field">Link for students <input type="text" name="link" readonly></label>' +
      '<p><button type="button" class="lx-tray__button" data-do="copy-link">Copy link</button> <a class="lx-tray__open" href="">Open the assignment</a></p>' +
      '<label class="lx-tray__field">YAML for corpus/assignments/ <textarea name="yaml" rows="6" readonly></textarea></label>' +
      '<p><button type="button" class="lx-tray__button" data-do="copy-yaml">Copy YAML</button> ' +
      '<button type="button" class="lx-tray__button" data-do="download-yaml">Download YAML</button></p></div></div>';
    tray.querySelector(".lx-tray__limit").textContent = A().LIMIT;
    return tray;
  }

  function tray() {
    let box = document.querySelector(".lx-tray");
    if (box) return box;
    box = trayHtml();
    const toggle = box.querySelector(".lx-tray__toggle");
    toggle.addEventListener("click", () => {
      open = !open;
      lxDraft.update();
    });
    for (const field of box.querySelectorAll("input[name=title], textarea[name=instructions], textarea[name=questions]"))
      field.addEventListener("input", () => {
        const draft = load();
        draft[field.name] = field.value;
        store(draft);
      });
    box.addEventListener("click", (event) => act(event, box));
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !open) return;
      toggle.click(); // closes it
      toggle.focus();
    });
    document.body.append(box);
    // The page keeps room below its text for the tray, and the messages stand above it (CSS).
    new ResizeObserver(() => document.documentElement.style.setProperty("--lx-tray-h", `${box.offsetHeight}px`)).observe(box);
    return box;
  }

  function moveButton(text, name, what) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "lx-tray__move";
    b.textContent = text;
    b.dataset.do = what;
    b.setAttribute("aria-label", name);
    return b;
  }

  function update() {
    const draft = load();
    const existing = document.querySelector(".lx-tray");
    if (!draft.items.length || document.querySelector(".lx-shared")) { // none on the students' page: a clean handout
      if (existing) existing.remove();
      open = false; // the next passage added shows it folded again
      document.body.classList.remove("lx-has-tray", "lx-tray-open");
      return;
    }
    const box = tray();
    document.body.classList.add("lx-has-tray");
    document.body.classList.toggle("lx-tray-open", open);
    const n = draft.items.length;
    box.querySelector(".lx-tray__count").textContent = `(${n} passage${n === 1 ? "" : "s"})`;
    box.querySelector(".lx-tray__toggle").setAttribute("aria-expanded", String(open));
    box.querySelector(".lx-tray__body").hidden = !open;
    for (const name of ["title", "instructions", "questions"]) {
      const field = box.querySelector(`[name=${name}]`);
      if (field !== document.activeElement) field.value = draft[name];
    }
    const list = box.querySelector(".lx-tray__list");
    const focused = document.activeElement?.closest?.(".lx-tray__list li") ? document.activeElement : null;
    const keep = focused && [focused.closest("li").dataset.item, focused.dataset.do];
    list.replaceChildren(
      ...draft.items.map(([slug, pid], i) => {
        const li = document.createElement("li");
        li.dataset.item = `${slug}#${pid}`;
        const what = `${(titles && titles.get(slug)) || slug}, passage ${pid.slice(1)}`;
        const text = document.createElement("span");
        text.className = "lx-tray__item";
        text.textContent = what;
        const up = moveButton("Up", `Move ${what} up`, "up");
        const down = moveButton("Down", `Move ${what} down`, "down");
        up.disabled = i === 0;
        down.disabled = i === n - 1;
        const row = document.createElement("span");
        row.className = "lx-tray__row";
        row.append(text, up, down, moveButton("Remove", `Remove ${what}`, "remove"));
        li.append(row);
        return li;
      }),
    );
    if (keep) {
      const again = list.querySelector(`li[data-item="${CSS.escape(keep[0])}"] [data-do="${keep[1]}"]`);
      (again && !again.disabled ? again : list.querySelector(`li[data-item="${CSS.escape(keep[0])}"] button:not(:disabled)`) || box.querySelector(".lx-tray__toggle")).focus();
    }
    if (open && !titles)
      A().json("api/passages.json").then((api) => {
        titles = new Map(api.sources.map((s) => [s.slug, s.title.replace(/\[\^[^\]]*\]/g, "").trim()]));
        update();
      }, () => {});
  }

  async function act(event, box) {
    const button = event.target instanceof Element && event.target.closest("button[data-do]");
    if (!button) return;
    const draft = load();
    const message = box.querySelector(".lx-tray__message");
    const what = button.dataset.do;
    const li = button.closest("li");
    if (li) {
      const i = draft.items.findIndex((item) => `${item[0]}#${item[1]}` === li.dataset.item);
      if (what === "up" && i > 0) draft.items.splice(i - 1, 2, draft.items[i], draft.items[i - 1]);
      if (what === "down" && i < draft.items.length - 1) draft.items.splice(i, 2, draft.items[i + 1], draft.items[i]);
      if (what === "remove") draft.items.splice(i, 1);
      store(draft);
      lxDraft.update();
      return;
    }
    const saved = box.querySelector(".lx-tray__saved");
    if (what === "clear") {
      store({ items: [], title: "", instructions: "", questions: "", last: null });
      open = false;
      lxDraft.update();
      lectern.say("The assignment draft is cleared");
    } else if (what === "save") {
      if (!draft.title.trim()) {
        message.textContent = "Give the assignment a title first.";
        box.querySelector("[name=title]").focus();
        return;
      }
      const api = await A().json("api/passages.json");
      const assignment = {
        t: draft.title.trim(),
        i: draft.instructions.trim(),
        q: draft.questions.split("\n").map((q) => q.trim()).filter(Boolean),
        p: A().references(draft.items, api),
      };
      const fragment = await A().encode(assignment);
      if (fragment.length > A().MAX_LINK) {
        message.textContent = `This assignment is too long for a link (${fragment.length} characters). ${A().LIMIT} Shorten the instructions or questions, or publish it with the YAML.`;
      } else {
        message.textContent = "Saved: share the link, or publish the YAML.";
      }
      const link = new URL(`assignments/shared/#${fragment}`, A().root).href;
      saved.querySelector("[name=link]").value = fragment.length > A().MAX_LINK ? "" : link;
      saved.querySelector(".lx-tray__open").href = link;
      saved.querySelector(".lx-tray__open").hidden = fragment.length > A().MAX_LINK;
      saved.querySelector("[name=yaml]").value = A().yaml(assignment);
      saved.dataset.name = `${A().slug(assignment.t)}.yml`;
      saved.hidden = false;
    } else if (what === "copy-link") {
      lectern.say((await lectern.copy(saved.querySelector("[name=link]").value)) ? "Link copied" : "Could not copy: select the link");
    } else if (what === "copy-yaml") {
      lectern.say((await lectern.copy(saved.querySelector("[name=yaml]").value)) ? "YAML copied" : "Could not copy: select the YAML");
    } else if (what === "download-yaml") {
      const a = A().download(saved.dataset.name, saved.querySelector("[name=yaml]").value, "text/yaml;charset=utf-8");
      document.body.append(a);
      a.click();
      a.remove();
    }
  }

  window.lxTray = {
    update,
    fold() {
      open = false;
    },
  };
})();
