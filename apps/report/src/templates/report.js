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
  // The filter's index: per table group, one entry per row in parallel arrays (text, levels, type, scope, status),
  // read from the row markup, never from the DOM: deferred chunks are indexed from their <noscript> text, so a filter
  // neither needs their rows in the DOM nor touches the rows it leaves as they were.
  const ENTITY = /&(amp|lt|gt|quot|nbsp|#x[0-9a-f]+|#\d+);/gi;
  const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', nbsp: " " };
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
  const groups = Array.from(doc.querySelectorAll(".tg"), (el) => {
    const chunks = Array.from(el.children);
    return { el, chunks, starts: [], text: [], l: [], t: [], s: [], k: [], hidden: [], indexed: 0 };
  });
  const groupOf = new Map(groups.map((g) => [g.el, g]));
  // Markup of one chunk's rows: `<tr attrs>cells` up to the next `<tr` (cells are escaped: no raw `<` in data).
  const indexChunk = (g, chunk) => {
    const source = chunk.querySelector("noscript");
    const html = source ? source.textContent : (chunk.querySelector("tbody")?.innerHTML ?? "");
    const body = html.slice(Math.max(0, html.indexOf("<tbody>")));
    const parts = body.split("<tr");
    g.starts.push(g.text.length);
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i];
      const close = part.indexOf(">");
      const attrs = part.slice(0, close);
      // Cells are joined by a line break: a filter never matches across two cells.
      g.text.push(
        decode(
          part
            .slice(close + 1)
            .replace(/<\/t[dr]>|<\/tbody>[\s\S]*/g, "")
            .replace(/<td[^>]*>|<br>/g, "\n")
            .replace(/<[^>]*>/g, ""),
        ).toLowerCase(),
      );
      g.l.push(attr(attrs, "data-l"));
      g.t.push(attr(attrs, "data-t"));
      g.s.push(attr(attrs, "data-s"));
      g.k.push(attr(attrs, "data-k"));
      g.hidden.push(false);
    }
  };
  const indexGroup = (g, upTo = g.chunks.length - 1) => {
    while (g.indexed <= upTo) indexChunk(g, g.chunks[g.indexed++]);
  };
  /** The row elements of a chunk that is in the DOM (undefined while it waits in <noscript>). */
  const liveRows = (chunk) => (chunk.classList.contains("lz") ? undefined : chunk.querySelector("tbody")?.rows);

  // Writes the decided visibility of a chunk's rows, only where it changed.
  const syncChunk = (g, c) => {
    const rows = liveRows(g.chunks[c]);
    if (!rows || !g.want) return;
    const from = g.starts[c];
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
  // A jump to a section lands while sections above it are still being laid out (content-visibility, deferred
  // chunks) and can drift: hold the target in place for a few frames.
  const settle = () => {
    const target = location.hash.length > 1 ? doc.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!target) return;
    let frames = 0;
    const hold = () => {
      target.scrollIntoView();
      if (++frames < 6) requestAnimationFrame(hold);
    };
    requestAnimationFrame(hold);
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
      for (const key of ["text", "l", "t", "s", "k", "hidden"]) {
        const before = g[key];
        g[key] = order.map((i) => before[i]);
      }
      if (g.want) g.want = Uint8Array.from(order, (i) => g.want[i]);
    }
    for (const cell of group.querySelectorAll("thead th")) {
      if (cell.cellIndex === column) cell.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      else cell.removeAttribute("aria-sort");
    }
  });

  // Filter: free text over every table row, plus level, scope, image type and status (new / waived).
  const template = counter.dataset.tpl || "";
  const selects = Array.from(ctl.querySelectorAll("select"));
  const setHidden = (el, hidden) => {
    if (el.hidden !== hidden) el.hidden = hidden;
  };
  // Decides every row of a group, then writes: a chunk with no match is hidden whole and its rows are left alone;
  // in the others only the rows whose visibility changed are written (rows still in <noscript> when they arrive).
  const filterGroup = (g, keep) => {
    indexGroup(g);
    const want = g.want && g.want.length === g.text.length ? g.want : new Uint8Array(g.text.length);
    g.want = want;
    let shown = 0;
    for (let c = 0; c < g.chunks.length; c++) {
      const from = g.starts[c];
      const to = c + 1 < g.starts.length ? g.starts[c + 1] : g.text.length;
      let chunkShown = 0;
      for (let i = from; i < to; i++) {
        const v = keep(g, i) ? 1 : 0;
        want[i] = v;
        chunkShown += v;
      }
      setHidden(g.chunks[c], chunkShown === 0 && to > from);
      if (chunkShown > 0) syncChunk(g, c);
      shown += chunkShown;
    }
    return [shown, g.text.length];
  };
  const apply = () => {
    const needle = input.value.trim().toLowerCase();
    const levels = new Set(levelBoxes.filter((box) => box.checked).map((box) => box.value));
    const chosen = {};
    for (const select of selects) if (select.value !== "") chosen[select.dataset.a] = select.value;
    const { s: scope, t: type, k: status } = chosen;
    // A row is hidden by a choice only when it carries that attribute (the changes tables have no image type).
    const attrsOk = (g, i) =>
      (scope === undefined || g.s[i] === undefined || g.s[i] === scope) &&
      (type === undefined || g.t[i] === undefined || g.t[i] === type) &&
      (status === undefined || g.k[i] === undefined || g.k[i].includes(status));
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
      const keep = (g, i) => levelOk && attrsOk(g, i) && (needle === "" || headingMatch || g.text[i].includes(needle));
      let sectionShown = 0;
      for (const el of section.querySelectorAll(".tg")) {
        const [s, t] = filterGroup(groupOf.get(el), keep);
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
      const [s, t] = filterGroup(
        g,
        (g, i) => levelsOk(g.l[i]) && attrsOk(g, i) && (needle === "" || g.text[i].includes(needle)),
      );
      shown += s;
      total += t;
    }
    const active = narrowed || levels.size !== levelBoxes.length;
    counter.textContent = active
      ? template.replace("{shown}", numberFormat.format(shown)).replace("{total}", numberFormat.format(total))
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
      while (g.indexed < g.chunks.length) {
        indexChunk(g, g.chunks[g.indexed++]);
        if (deadline.timeRemaining() < 2) return idle(idleIndex, { timeout: 500 });
      }
    }
  };
  idle(idleIndex, { timeout: 500 });
})();
