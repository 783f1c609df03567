// Filter and sort for the HTML report. Optional: without it every table is complete and in report order.
// Runs under the report's CSP (this exact text is hashed into script-src); it never builds markup from data.
(() => {
  const doc = document;
  const ctl = doc.getElementById("ctl");
  const input = doc.getElementById("q");
  const counter = doc.getElementById("qn");
  if (!ctl || !input || !counter) return;
  const root = doc.documentElement;
  root.classList.add("js");
  ctl.hidden = false;
  // The bar wraps on narrow screens: sticky table headers and jump targets sit below its real height (and it is not
  // sticky at all on the narrowest, see the stylesheet).
  const measure = () => {
    const sticky = getComputedStyle(ctl).position === "sticky";
    root.style.setProperty("--ctl-h", `${sticky ? ctl.offsetHeight : 0}px`);
  };
  measure();
  if ("ResizeObserver" in window) new ResizeObserver(measure).observe(ctl);
  window.addEventListener("resize", measure);

  const lang = root.lang || "en";
  const numberFormat = new Intl.NumberFormat(lang);
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
  const levelBoxes = Array.from(ctl.querySelectorAll("input[type=checkbox]"));
  const sections = Array.from(doc.querySelectorAll("section.rule"));
  const tocRows = Array.from(doc.querySelectorAll(".toc-t tbody tr"));
  const idle = window.requestIdleCallback || ((callback) => setTimeout(() => callback({ timeRemaining: () => 8 }), 50));
  // The filter's index, per table group, in the rows' original order, read from the markup the renderer wrote (never
  // the DOM), per chunk. At first a deferred chunk is just its <noscript> text and where each row starts: a filter
  // finds its text there, escaped as the renderer escapes text (case-insensitive; a hit in a tag or an entity is no
  // hit), so a keystroke right after load does not wait for a parse of every row. In idle time each chunk then
  // becomes per-row texts (decoded, lowercased, cut at every tag), which later keystrokes search faster, with the
  // same answers: a match never spans two text runs, so never two cells.
  // The renderer's own escapes (HTML_ESCAPES of render/html/escape.ts), written in here when the page is rendered.
  const ESCAPES = /* HTML_ESCAPES */ {};
  const SPECIAL = new RegExp(`[${Object.keys(ESCAPES).join("")}]`, "g");
  const escapeText = (text) => text.replace(SPECIAL, (c) => ESCAPES[c]);
  const literal = (text, flags) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags);
  const ENTITY = /&(amp|lt|gt|quot|nbsp|#x[0-9a-f]+|#\d+);/gi;
  const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', nbsp: "\u00a0" };
  const decode = (text) =>
    text.indexOf("&") < 0
      ? text
      : text.replace(ENTITY, (_, name) => {
          const key = name.toLowerCase();
          if (key in NAMED) return NAMED[key];
          return String.fromCodePoint(key[1] === "x" ? Number.parseInt(key.slice(2), 16) : Number(key.slice(1)));
        });
  const attr = (attrs, name) => {
    const at = attrs.indexOf(`${name}=`);
    if (at < 0) return undefined;
    const match = /^"?([^"\s>]*)/.exec(attrs.slice(at + name.length + 1));
    return match ? match[1] : undefined;
  };
  const ATTRS = ["data-l", "data-t", "data-s", "data-k"];
  const groups = Array.from(doc.querySelectorAll(".tg"), (el) => {
    const chunks = Array.from(el.children);
    // parts[c] of chunk c: its first row, and either html + starts (its rows' offsets, then the end) or text + attrs.
    return { el, chunks, parts: [], first: [], hidden: [], count: 0, indexed: 0, perm: null };
  });
  const groupOf = new Map(groups.map((g) => [g.el, g]));
  const textRuns = (row) => {
    const walker = doc.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    let text = "";
    while (walker.nextNode()) text += `\n${walker.currentNode.data}`;
    return text.toLowerCase();
  };
  const indexChunk = (g, chunk) => {
    const part = { first: g.count, html: null, starts: null, text: null, attrs: null };
    const source = chunk.querySelector("noscript");
    let rows;
    if (source) {
      const html = source.textContent;
      const end = html.lastIndexOf("</tbody>");
      const starts = [];
      for (let at = html.indexOf("<tr", html.indexOf("<tbody>")); at >= 0 && at < end; at = html.indexOf("<tr", at + 3))
        starts.push(at);
      starts.push(end);
      rows = starts.length - 1;
      part.html = html;
      part.starts = starts;
    } else {
      const live = Array.from(chunk.querySelector("tbody")?.rows ?? []);
      rows = live.length;
      part.text = live.map(textRuns);
      part.attrs = live.map((row) => ATTRS.map((name) => row.getAttribute(name) ?? undefined));
    }
    g.parts.push(part);
    g.first.push(part.first);
    g.count += rows;
    for (let i = 0; i < rows; i++) g.hidden.push(false);
  };
  const indexGroup = (g, upTo = g.chunks.length - 1) => {
    while (g.indexed <= upTo) indexChunk(g, g.chunks[g.indexed++]);
  };
  // A chunk's rows as texts and attributes (idle work); its markup is no longer needed then.
  const rowTexts = (part) => {
    if (part.text) return;
    const { html, starts } = part;
    part.text = [];
    part.attrs = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      const close = html.indexOf(">", starts[i]);
      const tag = html.slice(starts[i], close);
      part.attrs.push(ATTRS.map((name) => attr(tag, name)));
      part.text.push(decode(`\n${html.slice(close + 1, starts[i + 1]).replace(/<[^>]*>/g, "\n")}`).toLowerCase());
    }
    part.html = null;
    part.starts = null;
  };
  /** Is `at` in a tag (the last angle bracket before it opens one)? */
  const inTag = (html, at) => {
    for (let k = at - 1; k >= 0; k--) {
      const ch = html.charCodeAt(k);
      if (ch === 60) return true;
      if (ch === 62) return false;
    }
    return false;
  };
  /** Is `at` inside a character reference (&amp; ... &#x3D;: at most 6 characters)? */
  const inEntity = (html, at) => {
    for (let k = at - 1; k >= at - 6 && k >= 0; k--) {
      const ch = html.charCodeAt(k);
      if (ch === 38) return true;
      if (ch === 59 || ch === 60 || ch === 62) return false;
    }
    return false;
  };
  // Rows (original order) whose text holds `needle` (lowercased).
  const textHits = (g, needle) => {
    const hits = new Uint8Array(g.count);
    const inMarkup = literal(escapeText(needle), "gi");
    for (const part of g.parts) {
      const base = part.first;
      if (part.text) {
        part.text.forEach((text, i) => {
          if (text.includes(needle)) hits[base + i] = 1;
        });
        continue;
      }
      const { html, starts } = part;
      const rows = starts.length - 1;
      let row = 0;
      inMarkup.lastIndex = starts[0];
      for (let match = inMarkup.exec(html); match !== null && row < rows; match = inMarkup.exec(html)) {
        const at = match.index;
        if (at >= starts[rows]) break;
        while (starts[row + 1] <= at) row++;
        if (inTag(html, at)) inMarkup.lastIndex = html.indexOf(">", at) + 1;
        else if (inEntity(html, at)) inMarkup.lastIndex = at + 1;
        else {
          hits[base + row] = 1;
          inMarkup.lastIndex = starts[++row];
        }
      }
    }
    return hits;
  };
  // The filter attributes of every row (original order), once a choice needs them.
  const attrsOf = (g) => {
    if (g.l) return;
    const columns = ATTRS.map(() => new Array(g.count));
    for (const part of g.parts) {
      rowTexts(part);
      part.attrs.forEach((values, i) => {
        for (let a = 0; a < ATTRS.length; a++) columns[a][part.first + i] = values[a];
      });
    }
    [g.l, g.t, g.s, g.k] = columns;
  };
  /** The row elements of a chunk that is in the DOM (undefined while it waits in <noscript>). */
  const liveRows = (chunk) => (chunk.classList.contains("lz") ? undefined : chunk.querySelector("tbody")?.rows);

  // Writes the decided visibility of a chunk's rows, only where it changed.
  const syncChunk = (g, c) => {
    const rows = liveRows(g.chunks[c]);
    if (!rows || !g.want) return;
    const from = g.first[c];
    for (let i = 0; i < rows.length; i++) {
      const hide = g.want[from + i] === 0;
      if (g.hidden[from + i] !== hide) {
        rows[i].hidden = hide;
        g.hidden[from + i] = hide;
      }
    }
  };

  // Table chunks after the first arrive as <noscript> text (see render.ts): make them rows near the screen, in
  // idle time, and all at once before anything that needs every row (filter, sort, print).
  const lazy = Array.from(doc.querySelectorAll(".ch.lz"));
  const materialize = (holder) => {
    if (!holder.classList.contains("lz")) return;
    const g = groupOf.get(holder.parentElement);
    // Index it before its <noscript> text becomes rows.
    if (g) indexGroup(g, g.chunks.indexOf(holder));
    holder.classList.remove("lz");
    const source = holder.querySelector("noscript");
    if (!source) return;
    // The same markup the page would have without scripting: built by the renderer, every value escaped.
    const template = doc.createElement("template");
    template.innerHTML = source.textContent;
    source.replaceWith(template.content);
    if (g) syncChunk(g, g.chunks.indexOf(holder));
  };
  let pending = lazy.length;
  const materializeAll = () => {
    if (pending === 0) return;
    for (const holder of lazy) materialize(holder);
    pending = 0;
  };
  if (pending > 0) {
    const observer =
      "IntersectionObserver" in window
        ? new IntersectionObserver(
            (entries) => {
              for (const entry of entries) {
                if (!entry.isIntersecting) continue;
                observer.unobserve(entry.target);
                materialize(entry.target);
              }
            },
            { rootMargin: "2000px 0px" },
          )
        : undefined;
    if (observer) for (const holder of lazy) observer.observe(holder);
    let next = 0;
    const pump = (deadline) => {
      do materialize(lazy[next++]);
      while (next < lazy.length && deadline.timeRemaining() > 5);
      if (next < lazy.length) idle(pump, { timeout: 500 });
      else pending = 0;
    };
    idle(pump, { timeout: 500 });
  }
  // A jump lands while content above the target still changes height (sections laid out late under
  // content-visibility, deferred chunks becoming rows): keep the target where the jump put it until the layout has
  // been still for half a second with every chunk in place, or until the reader scrolls, types or clicks.
  let release = () => {};
  const settle = () => {
    release();
    const target = location.hash.length > 1 ? doc.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!target) return;
    const inputs = ["wheel", "touchstart", "keydown", "mousedown"];
    let frame = 0;
    let still = 0;
    let held = Number.NaN;
    const hold = () => {
      if (target.getBoundingClientRect().top === held) still++;
      else {
        target.scrollIntoView();
        held = target.getBoundingClientRect().top;
        still = 0;
      }
      if (still < 30 || pending > 0) frame = requestAnimationFrame(hold);
      else release();
    };
    release = () => {
      cancelAnimationFrame(frame);
      for (const type of inputs) window.removeEventListener(type, release);
      release = () => {};
    };
    for (const type of inputs) window.addEventListener(type, release, { passive: true });
    frame = requestAnimationFrame(hold);
  };
  window.addEventListener("hashchange", settle);
  settle();
  window.addEventListener("beforeprint", () => {
    materializeAll();
    for (const details of doc.querySelectorAll("details.more")) details.open = true;
  });

  const rowsOf = (group) => {
    const rows = [];
    for (const body of group.querySelectorAll("tbody")) for (const row of body.rows) rows.push(row);
    return rows;
  };

  // Sort keys read back from the text the report shows (no extra attributes on 100,000s of cells).
  const units = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
  const sortKeys = {
    n: (text) => Number(text.replace(/[^\d.]/g, "")) || 0,
    b: (text) => {
      const match = /([\d.,]+)\s*([KMGT]?B)/.exec(text);
      return match ? Number(match[1].replace(/,/g, "")) * units[match[2]] : -1;
    },
    // Dates as shown: 2026-11-27 08:00 UTC or 2026年11月27日 08:00 UTC. Year, month, day, hour, minute.
    d: (text) => {
      const parts = text.match(/\d+/g);
      if (!parts || parts.length < 5) return -1;
      return parts.slice(0, 5).reduce((sum, part, i) => sum + Number(part) * [1e8, 1e6, 1e4, 1e2, 1][i], 0);
    },
  };

  // Sortable columns: a button in every header cell (each table chunk repeats the header).
  for (const th of doc.querySelectorAll(".dt thead th")) {
    const button = doc.createElement("button");
    button.type = "button";
    while (th.firstChild) button.append(th.firstChild);
    th.append(button);
  }
  doc.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("th button") : null;
    if (!button) return;
    const th = button.parentElement;
    const group = th.closest(".tg");
    if (!group) return;
    const g = groupOf.get(group);
    if (g) indexGroup(g);
    materializeAll();
    const column = th.cellIndex;
    const direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    const bodies = Array.from(group.querySelectorAll("tbody"));
    const rows = rowsOf(group);
    const kind = th.dataset.s;
    const parse = kind ? sortKeys[kind] : undefined;
    const keys = rows.map((row) => {
      const text = row.cells[column]?.textContent ?? "";
      return parse ? parse(text) : text.toLowerCase();
    });
    const numeric = parse !== undefined;
    // The collator is right but slow: plain comparison for very long tables.
    const compareText = rows.length > 20000 ? (a, b) => (a < b ? -1 : a > b ? 1 : 0) : collator.compare;
    const order = rows.map((_, i) => i);
    order.sort((a, b) => {
      const c = numeric ? keys[a] - keys[b] : compareText(keys[a], keys[b]);
      return c * direction || a - b;
    });
    // Every chunk keeps its row count; sizes are read before any row moves between chunks.
    const sizes = bodies.map((body) => body.rows.length);
    let next = 0;
    for (const [b, body] of bodies.entries()) {
      const size = sizes[b];
      const fragment = doc.createDocumentFragment();
      for (let i = 0; i < size; i++) fragment.append(rows[order[next++]]);
      body.append(fragment);
    }
    // The index follows its rows (chunk sizes are unchanged, so the chunk starts are too).
    if (g) {
      const { perm, hidden, want } = g;
      g.perm = order.map((i) => (perm ? perm[i] : i));
      g.hidden = order.map((i) => hidden[i]);
      if (want) g.want = Uint8Array.from(order, (i) => want[i]);
    }
    for (const cell of group.querySelectorAll("thead th")) {
      if (cell.cellIndex === column) cell.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      else cell.removeAttribute("aria-sort");
    }
  });

  // Filter: free text over every table row, plus level, scope, image type and status (new / waived).
  // The counter's text in each plural form of the page's language (data-tpl-one, data-tpl-other), chosen by the
  // total as the report's own counts are (Intl.PluralRules).
  const plural = new Intl.PluralRules(lang);
  const templateFor = (n) => {
    const form = plural.select(n);
    return counter.dataset[`tpl${form[0].toUpperCase()}${form.slice(1)}`] ?? counter.dataset.tplOther ?? "";
  };
  const selects = Array.from(ctl.querySelectorAll("select"));
  const setHidden = (el, hidden) => {
    if (el.hidden !== hidden) el.hidden = hidden;
  };
  // Decides every row of a group, then writes: a chunk with no match is hidden whole and its rows are left alone;
  // in the others only the rows whose visibility changed are written (rows still in <noscript> when they arrive).
  // `keep(g, row)` decides a row by its original position (the index's order, whatever the sort did).
  const filterGroup = (g, keep) => {
    indexGroup(g);
    const want = g.want && g.want.length === g.count ? g.want : new Uint8Array(g.count);
    g.want = want;
    const perm = g.perm;
    let shown = 0;
    for (let c = 0; c < g.chunks.length; c++) {
      const from = g.first[c];
      const to = c + 1 < g.first.length ? g.first[c + 1] : g.count;
      let chunkShown = 0;
      for (let i = from; i < to; i++) {
        const v = keep(g, perm ? perm[i] : i) ? 1 : 0;
        want[i] = v;
        chunkShown += v;
      }
      setHidden(g.chunks[c], chunkShown === 0 && to > from);
      if (chunkShown > 0) syncChunk(g, c);
      shown += chunkShown;
    }
    return [shown, g.count];
  };
  const apply = () => {
    const needle = input.value.trim().toLowerCase();
    const levels = new Set(levelBoxes.filter((box) => box.checked).map((box) => box.value));
    const chosen = {};
    for (const select of selects) if (select.value !== "") chosen[select.dataset.a] = select.value;
    const { s: scope, t: type, k: status } = chosen;
    const allLevels = levels.size === levelBoxes.length;
    const choices = Object.keys(chosen).length > 0;
    // Only a choice needs the rows' attributes; only text needs the text hits.
    const decide = (g, rowOk) => {
      indexGroup(g);
      if (choices || !allLevels) attrsOf(g);
      const hits = rowOk.text && needle !== "" ? textHits(g, needle) : undefined;
      return filterGroup(g, (g, i) => (hits === undefined || hits[i] === 1) && rowOk(g, i));
    };
    // A row is hidden by a choice only when it carries that attribute (the changes tables have no image type).
    const attrsOk = (g, i) =>
      !choices ||
      ((scope === undefined || g.s[i] === undefined || g.s[i] === scope) &&
        (type === undefined || g.t[i] === undefined || g.t[i] === type) &&
        (status === undefined || g.k[i] === undefined || g.k[i].includes(status)));
    const levelsOk = (letters) => {
      if (letters === undefined) return true;
      let known = false;
      for (const letter of letters) {
        if (levels.has(letter)) return true;
        if ("chml".includes(letter)) known = true;
      }
      return !known;
    };
    const narrowed = needle !== "" || Object.keys(chosen).length > 0;
    let shown = 0;
    let total = 0;
    const hiddenSections = new Set();
    for (const section of sections) {
      const levelOk = levels.has(section.dataset.l);
      const heading = section.querySelector("h3");
      const headingMatch = needle !== "" && heading !== null && heading.textContent.toLowerCase().includes(needle);
      const keep = (g, i) => levelOk && attrsOk(g, i);
      keep.text = levelOk && !headingMatch;
      let sectionShown = 0;
      for (const el of section.querySelectorAll(".tg")) {
        const [s, t] = decide(groupOf.get(el), keep);
        sectionShown += s;
        shown += s;
        total += t;
      }
      const hide = !levelOk || (narrowed && sectionShown === 0);
      setHidden(section, hide);
      if (hide) hiddenSections.add(section.id);
    }
    for (const row of tocRows) {
      const link = row.querySelector("a");
      setHidden(row, link !== null && hiddenSections.has(link.hash.slice(1)));
    }
    for (const g of groups) {
      if (g.el.closest("section.rule")) continue;
      const keep = (g, i) => (allLevels || levelsOk(g.l[i])) && attrsOk(g, i);
      keep.text = true;
      const [s, t] = decide(g, keep);
      shown += s;
      total += t;
    }
    const active = narrowed || levels.size !== levelBoxes.length;
    counter.textContent = active
      ? templateFor(total).replace("{shown}", numberFormat.format(shown)).replace("{total}", numberFormat.format(total))
      : "";
  };
  // Typing filters as it goes: the index makes a keystroke cheap, so only a short pause for fast typists.
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 60);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(timer);
      apply();
    }
  });
  for (const box of levelBoxes) box.addEventListener("change", apply);
  for (const select of selects) select.addEventListener("change", apply);
  // Build the index in idle time, so the first filter finds it ready.
  const idleIndex = (deadline) => {
    for (const g of groups) {
      indexGroup(g);
      for (const part of g.parts) {
        if (part.text) continue;
        rowTexts(part);
        if (deadline.timeRemaining() < 2) return idle(idleIndex, { timeout: 500 });
      }
    }
  };
  idle(idleIndex, { timeout: 500 });
})();
