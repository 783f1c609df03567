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
    const column = th.cellIndex;
    const direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    const bodies = Array.from(group.querySelectorAll("tbody"));
    const rows = rowsOf(group);
    const keys = rows.map((row) => {
      const cell = row.cells[column];
      if (!cell) return "";
      return cell.dataset.v !== undefined ? Number(cell.dataset.v) : cell.textContent.toLowerCase();
    });
    const numeric = typeof keys[0] === "number";
    // The collator is right but slow: plain comparison for very long tables.
    const compareText = rows.length > 20000 ? (a, b) => (a < b ? -1 : a > b ? 1 : 0) : collator.compare;
    const order = rows.map((_, i) => i);
    order.sort((a, b) => {
      const c = numeric ? keys[a] - keys[b] : compareText(keys[a], keys[b]);
      return c * direction || a - b;
    });
    let next = 0;
    for (const body of bodies) {
      const size = body.rows.length;
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
      let chunkShown = 0;
      for (const body of chunk.querySelectorAll("tbody")) {
        for (const row of body.rows) {
          const visible = keep(row);
          setHidden(row, !visible);
          if (visible) chunkShown++;
          total++;
        }
      }
      setHidden(chunk, chunkShown === 0 && total > 0);
      shown += chunkShown;
    }
    return [shown, total];
  };
  const apply = () => {
    const needle = input.value.trim().toLowerCase();
    const levels = new Set(levelBoxes.filter((box) => box.checked).map((box) => box.value));
    const levelsOf = (row) => {
      const letters = row.dataset.l;
      if (letters === undefined) return true;
      for (const letter of letters) if (levels.has(letter)) return true;
      return letters === "";
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
