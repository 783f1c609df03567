// Filter and sort for the HTML report. Optional: without it every table is complete and in report order.
// Runs under the report's CSP (this exact text is hashed into script-src); it never builds markup from data.
(() => {
  const doc = document;
  const ctl = doc.getElementById("ctl");
  const input = doc.getElementById("q");
  const counter = doc.getElementById("qn");
  if (!ctl || !input || !counter) return;
  doc.documentElement.classList.add("js");
  ctl.hidden = false;

  const lang = doc.documentElement.lang || "en";
  const numberFormat = new Intl.NumberFormat(lang);
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
  const levelBoxes = Array.from(ctl.querySelectorAll("input[type=checkbox]"));
  const sections = Array.from(doc.querySelectorAll("section.rule"));
  const tocRows = Array.from(doc.querySelectorAll(".toc-t tbody tr"));
  const freeGroups = Array.from(doc.querySelectorAll(".tg")).filter((g) => !g.closest("section.rule"));
  // Table chunks after the first arrive as <noscript> text (see render.ts): make them rows near the screen, in
  // idle time, and all at once before anything that needs every row (filter, sort, print).
  const lazy = Array.from(doc.querySelectorAll(".ch.lz"));
  const materialize = (holder) => {
    if (!holder.classList.contains("lz")) return;
    holder.classList.remove("lz");
    const source = holder.querySelector("noscript");
    if (!source) return;
    // The same markup the page would have without scripting: built by the renderer, every value escaped.
    const template = doc.createElement("template");
    template.innerHTML = source.textContent;
    source.replaceWith(template.content);
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
    const idle =
      window.requestIdleCallback || ((callback) => setTimeout(() => callback({ timeRemaining: () => 8 }), 50));
    const pump = (deadline) => {
      do materialize(lazy[next++]);
      while (next < lazy.length && deadline.timeRemaining() > 5);
      if (next < lazy.length) idle(pump, { timeout: 500 });
      else pending = 0;
    };
    idle(pump, { timeout: 500 });
  }
  window.addEventListener("beforeprint", materializeAll);

  const rowText = new WeakMap();
  const textOf = (el) => {
    let text = rowText.get(el);
    if (text === undefined) {
      text = el.textContent.toLowerCase();
      rowText.set(el, text);
    }
    return text;
  };
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
    for (const cell of group.querySelectorAll("thead th")) {
      if (cell.cellIndex === column) cell.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      else cell.removeAttribute("aria-sort");
    }
  });

  // Filter: free text over every table row, plus the risk levels.
  const template = counter.dataset.tpl || "";
  const setHidden = (el, hidden) => {
    if (el.hidden !== hidden) el.hidden = hidden;
  };
  const filterGroup = (group, keep) => {
    let shown = 0;
    let total = 0;
    for (const chunk of group.children) {
      // Decide first, write second: a chunk with no match is hidden whole and its rows are left alone, which
      // saves 100,000s of attribute writes on a selective filter. Rows are always rewritten when shown again.
      const rows = [];
      for (const body of chunk.querySelectorAll("tbody")) for (const row of body.rows) rows.push(row);
      const visible = rows.map(keep);
      let chunkShown = 0;
      for (const v of visible) if (v) chunkShown++;
      if (chunkShown > 0) for (let i = 0; i < rows.length; i++) setHidden(rows[i], !visible[i]);
      setHidden(chunk, chunkShown === 0 && rows.length > 0);
      shown += chunkShown;
      total += rows.length;
    }
    return [shown, total];
  };
  const apply = () => {
    materializeAll();
    const needle = input.value.trim().toLowerCase();
    const levels = new Set(levelBoxes.filter((box) => box.checked).map((box) => box.value));
    const levelsOf = (row) => {
      const letters = row.dataset.l;
      if (letters === undefined) return true;
      let known = false;
      for (const letter of letters) {
        if (levels.has(letter)) return true;
        if ("chml".includes(letter)) known = true;
      }
      return !known;
    };
    let shown = 0;
    let total = 0;
    const hiddenSections = new Set();
    for (const section of sections) {
      const levelOk = levels.has(section.dataset.l);
      const heading = section.querySelector("h3");
      const headingMatch = needle !== "" && heading !== null && textOf(heading).includes(needle);
      const keep = (row) => levelOk && (needle === "" || headingMatch || textOf(row).includes(needle));
      let sectionShown = 0;
      for (const group of section.querySelectorAll(".tg")) {
        const [s, t] = filterGroup(group, keep);
        sectionShown += s;
        shown += s;
        total += t;
      }
      const hide = !levelOk || (needle !== "" && sectionShown === 0);
      setHidden(section, hide);
      if (hide) hiddenSections.add(section.id);
    }
    for (const row of tocRows) {
      const link = row.querySelector("a");
      setHidden(row, link !== null && hiddenSections.has(link.hash.slice(1)));
    }
    for (const group of freeGroups) {
      const [s, t] = filterGroup(group, (row) => levelsOf(row) && (needle === "" || textOf(row).includes(needle)));
      shown += s;
      total += t;
    }
    const active = needle !== "" || levels.size !== levelBoxes.length;
    counter.textContent = active
      ? template.replace("{shown}", numberFormat.format(shown)).replace("{total}", numberFormat.format(total))
      : "";
  };
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(timer);
      apply();
    }
  });
  for (const box of levelBoxes) box.addEventListener("change", apply);
})();
