/* Typography of Chinese text on a page, measured from the glyphs (issue 16).

   Called as `(options) => {...}` by tests/browser/typography.py and bench/typography.py. For every
   Chinese block (a passage's paragraph, a compare view's Chinese side) it returns its lines (left,
   right, the column's edges, first and last characters), the words and number groups split across
   lines, and the neighbouring readings on a line with the gap between their glyphs. Readings are
   measured with a Range on the <rt>'s text node, which gives the glyphs' advance box in the rt's
   font: an <rt> box is as wide as its base, so the box is not the measure. */
(options = {}) => {
  const selector = options.selector ||
    '.lx-passage[lang^="zh"] > p, .lx-cmp-text[lang^="zh"]';
  // natural: lines as laid out before justification stretches them (the same breaks, set ragged)
  const ragged = options.natural ? document.head.appendChild(document.createElement("style")) : null;
  if (ragged) ragged.textContent = `${selector} { text-align: start !important; text-align-last: auto !important; }`;
  const range = document.createRange();
  const rectOf = (node, start, end) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 || r.height > 0);
    return rects.length ? rects[0] : null;
  };
  const sizes = new Map();
  const fontOf = (node) => sizes.get(node.parentElement) ||
    sizes.set(node.parentElement, parseFloat(getComputedStyle(node.parentElement).fontSize)).get(node.parentElement);
  const visible = (el) => !!(el.offsetParent || el.getClientRects().length);
  const inAnnotation = (node) => !!node.parentElement.closest("rt, rp, .lx-aid, .lx-pn, .lx-fnref, .lx-tools");

  const blocks = [];
  for (const block of document.querySelectorAll(selector)) {
    if (!visible(block)) continue;
    const style = getComputedStyle(block);
    const box = block.getBoundingClientRect();
    const colLeft = box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    const colRight = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    const fontSize = parseFloat(style.fontSize);

    // Every base character (text outside readings), in order, with its box and its word.
    const chars = [];
    const charOf = new Map(); // text node -> its first character
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (inAnnotation(node)) continue;
      const text = node.data;
      const word = node.parentElement.closest("ruby.lx-w");
      for (let i = 0; i < text.length; ) {
        const cp = text.codePointAt(i);
        const len = cp > 0xffff ? 2 : 1;
        const ch = text.slice(i, i + len);
        if (!/\s/.test(ch)) {
          const r = rectOf(node, i, i + len);
          if (r) {
            // a justified line widens a character's box after its glyph: the glyph is 1 em wide at most
            const glyph = Math.min(r.width, fontOf(node));
            chars.push({ ch, word, left: r.left, right: r.right, top: r.top, bottom: r.bottom, centre: r.left + glyph / 2 });
            if (!charOf.has(node)) charOf.set(node, chars[chars.length - 1]);
          }
        }
        i += len;
      }
    }
    if (!chars.length) continue;

    // Lines: a character that starts left of its predecessor, lower down, begins a new line.
    const lines = [];
    let line = null;
    for (const c of chars) {
      const mid = (c.top + c.bottom) / 2;
      if (!line || (mid > line.bottom && c.left < line.right - 1)) {
        line = { top: c.top, bottom: c.bottom, left: c.left, right: c.right, chars: [] };
        lines.push(line);
      }
      line.chars.push(c);
      c.line = lines.length - 1;
      line.left = Math.min(line.left, c.left);
      line.right = Math.max(line.right, c.right);
      line.top = Math.min(line.top, c.top);
      line.bottom = Math.max(line.bottom, c.bottom);
    }

    // Words and number groups (2014年2月27日, 64.6亿元) split across lines.
    const split = [];
    const words = new Map();
    for (const c of chars) if (c.word) (words.get(c.word) || words.set(c.word, []).get(c.word)).push(c);
    for (const [word, cs] of words) {
      if (cs[0].line !== cs[cs.length - 1].line) split.push(cs.map((c) => c.ch).join(""));
    }
    const flat = chars.map((c) => c.ch).join("");
    for (const m of flat.matchAll(/[0-9０-９][0-9０-９.,，]*[年月日号時时%％亿万元個个]+(?:[0-9０-９]+[月日号时分]+)*/g)) {
      const cs = [...flat.slice(0, m.index)].length;
      const n = [...m[0]].length;
      if (chars[cs].line !== chars[cs + n - 1].line) split.push(m[0]);
    }

    // Readings: glyph boxes of each <rt> text, its base character's box, neighbours on one line.
    const readings = [];
    for (const rt of block.querySelectorAll("rt")) {
      if (!visible(rt) || !rt.firstChild) continue;
      const r = rectOf(rt.firstChild, 0, rt.firstChild.data.length);
      const base = rt.previousElementSibling && charOf.get(rt.previousElementSibling.firstChild);
      if (!r || !base) continue;
      readings.push({
        text: rt.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
        base, boxCentre: (rt.getBoundingClientRect().left + rt.getBoundingClientRect().right) / 2,
        fontSize: parseFloat(getComputedStyle(rt).fontSize),
      });
    }
    // Clearance: from a reading's glyphs down to its character, and up to the characters of the line above.
    let below = Infinity, above = Infinity;
    const lineBottom = lines.map((l) => l.bottom);
    for (const r of readings) {
      below = Math.min(below, r.base.top - r.bottom);
      if (r.base.line > 0) above = Math.min(above, r.top - lineBottom[r.base.line - 1]);
    }
    const pairs = [];
    for (let i = 1; i < readings.length; i++) {
      const a = readings[i - 1], b = readings[i];
      if (Math.abs(a.top - b.top) > 2 || b.left < a.left) continue; // not neighbours on one line
      pairs.push({ a: a.text, b: b.text, gap: b.left - a.right, em: b.fontSize });
    }
    // The <rt> box is its column, over which the base glyph is centred: the reading's glyphs must be too.
    const offCentre = readings.map((r) => Math.abs((r.left + r.right) / 2 - r.boxCentre));
    // Base characters' advance: distance between the centres of neighbouring characters in a line.
    const pitch = [];
    for (let i = 1; i < chars.length; i++)
      if (chars[i].line === chars[i - 1].line) pitch.push(((chars[i].left + chars[i].right) - (chars[i - 1].left + chars[i - 1].right)) / 2);

    blocks.push({
      id: block.closest("[id]") ? block.closest("[id]").id : "",
      page: location.pathname + location.hash,
      lang: block.closest("[lang]").getAttribute("lang"),
      colLeft, colRight, fontSize,
      lineHeight: parseFloat(style.lineHeight) || null,
      lines: lines.map((l) => ({
        left: l.left, right: l.right, top: l.top, bottom: l.bottom,
        first: l.chars[0].ch, last: l.chars[l.chars.length - 1].ch,
        text: l.chars.map((c) => c.ch).join(""),
      })),
      split,
      pairs,
      maxOffCentre: offCentre.length ? Math.max(...offCentre) : 0,
      rtSizes: [...new Set(readings.map((r) => r.fontSize))],
      pitch,
      // vertical room: reading to its character, reading to the line above (px; Infinity: none)
      clearBelow: below === Infinity ? null : below, clearAbove: above === Infinity ? null : above,
      linePitch: lines.length > 1 ? (lines[lines.length - 1].top - lines[0].top) / (lines.length - 1) : null,
    });
  }
  if (ragged) ragged.remove();
  const root = document.documentElement;
  return { blocks, overflow: root.scrollWidth - root.clientWidth, width: root.clientWidth };
}
