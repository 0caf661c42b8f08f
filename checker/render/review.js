// accord review page. Everything from the report is data: it is parsed from a JSON block and
// put on the page with textContent or as attribute values set from code, never as markup.
"use strict";
(function () {
  const report = JSON.parse(document.getElementById("accord-data").textContent);
  const articles = new Map(report.articles.map((a) => [a.id, a]));
  const storeKey = "accord-review:" + report.digest;
  const SEVERITIES = ["error", "warning", "info"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function loadDecisions() {
    try {
      const raw = window.localStorage.getItem(storeKey);
      const parsed = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch (e) {
      return {};
    }
  }
  let decisions = loadDecisions();
  function saveDecisions() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(decisions));
    } catch (e) {
      /* storage refused (private mode, file:// policy): decisions live until the page closes */
    }
  }

  // Sides marked right (finding id -> index of its evidence), for the facts export.
  const factsKey = storeKey + ":facts";
  function loadMarks() {
    try {
      const parsed = JSON.parse(window.localStorage.getItem(factsKey) || "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch (e) {
      return {};
    }
  }
  let marks = loadMarks();
  function saveMarks() {
    try {
      window.localStorage.setItem(factsKey, JSON.stringify(marks));
    } catch (e) {
      /* as for decisions */
    }
  }

  function decisionOf(finding) {
    if (Object.prototype.hasOwnProperty.call(decisions, finding.id)) return decisions[finding.id];
    if (finding.accepted) return { decision: finding.accepted.decision, reason: finding.accepted.reason, fromBaseline: true };
    return null;
  }

  // --- summary ---------------------------------------------------------------------------------------
  function summary() {
    const bySeverity = {};
    const byRule = {};
    for (const f of report.findings) {
      bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1;
      byRule[f.rule] = (byRule[f.rule] || 0) + 1;
    }
    const box = document.getElementById("summary");
    box.append(
      el("p", { text: `${report.articles.length} articles, ${report.entities.length} entities, ${report.findings.length} findings` })
    );
    const table = el("table", { class: "counts" });
    table.append(el("tr", {}, el("th", { text: "severity" }), el("th", { text: "findings" })));
    for (const s of SEVERITIES) {
      table.append(el("tr", {}, el("td", {}, el("span", { class: "badge " + s, text: s })), el("td", { text: String(bySeverity[s] || 0) })));
    }
    const rules = el("table", { class: "counts" });
    rules.append(el("tr", {}, el("th", { text: "rule" }), el("th", { text: "findings" })));
    for (const [rule, n] of Object.entries(byRule).sort()) rules.append(el("tr", {}, el("td", { text: rule }), el("td", { text: String(n) })));
    box.append(el("div", { class: "tables" }, table, rules));
  }

  // --- filters ---------------------------------------------------------------------------------------
  function fillSelect(id, values) {
    const select = document.getElementById(id);
    for (const v of values) select.append(el("option", { value: v, text: v }));
  }
  function entityOf(f) {
    return f.entities.length ? f.entities.join(", ") : "(no entity)";
  }
  function setupFilters() {
    fillSelect("f-severity", SEVERITIES);
    fillSelect("f-rule", [...new Set(report.findings.map((f) => f.rule))].sort());
    fillSelect("f-entity", [...new Set(report.findings.flatMap((f) => (f.entities.length ? f.entities : ["(no entity)"])))].sort());
    fillSelect("f-article", [...new Set(report.findings.flatMap((f) => f.evidence.map((e) => e.article)))].sort());
    for (const id of ["f-severity", "f-rule", "f-entity", "f-article", "f-decided"]) document.getElementById(id).addEventListener("change", applyFilters);
    document.getElementById("f-search").addEventListener("input", applyFilters);
  }
  function matches(f) {
    const v = (id) => document.getElementById(id).value;
    if (v("f-severity") && f.severity !== v("f-severity")) return false;
    if (v("f-rule") && f.rule !== v("f-rule")) return false;
    if (v("f-entity") && !(f.entities.length ? f.entities : ["(no entity)"]).includes(v("f-entity"))) return false;
    if (v("f-article") && !f.evidence.some((e) => e.article === v("f-article"))) return false;
    if (v("f-decided") === "open" && decisionOf(f)) return false;
    if (v("f-decided") === "decided" && !decisionOf(f)) return false;
    const q = document.getElementById("f-search").value.trim().toLowerCase();
    if (q) {
      const hay = [f.message, f.rule, ...f.entities, ...f.evidence.map((e) => e.quote + " " + e.article)].join(" ").toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  }
  function applyFilters() {
    let shown = 0;
    for (const card of document.querySelectorAll(".finding")) {
      const visible = matches(card.finding);
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    for (const group of document.querySelectorAll(".entity")) {
      group.hidden = !group.querySelector(".finding:not([hidden])");
    }
    document.getElementById("shown").textContent = `${shown} of ${report.findings.length} findings shown`;
  }

  // --- findings --------------------------------------------------------------------------------------
  // The quote inside its sentence (when the report gives one), the conflicting words marked.
  function quoteWithHighlight(e) {
    const q = el("blockquote", { class: "quote" });
    const ctx = e.context && e.context.start <= e.start && e.end <= e.context.end ? e.context : { start: e.start, end: e.end, text: e.quote };
    let a = e.start - ctx.start;
    let b = e.end - ctx.start;
    if (e.highlight && e.highlight[0] >= e.start && e.highlight[1] <= e.end) {
      a = e.highlight[0] - ctx.start;
      b = e.highlight[1] - ctx.start;
    }
    q.append(document.createTextNode(ctx.text.slice(0, a)), el("mark", { text: ctx.text.slice(a, b) }), document.createTextNode(ctx.text.slice(b)));
    return q;
  }
  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }
  function side(e, f, index) {
    const article = articles.get(e.article) || { id: e.article };
    const head = el("div", { class: "source" });
    head.append(el("strong", { text: article.title || article.id }));
    const meta = [article.source, e.date ? e.date : article.published ? article.published : "undated", article.id].filter(Boolean).join(" · ");
    head.append(el("div", { class: "meta", text: meta }));
    const url = article.url ? safeUrl(article.url) : null;
    if (url) {
      const link = el("a", { rel: "noopener noreferrer nofollow", target: "_blank", referrerpolicy: "no-referrer", text: "source" });
      link.href = url;
      head.append(link);
    }
    const box = el("div", { class: "side" }, head, quoteWithHighlight(e));
    if (FACT_RULES.has(f.rule) && sideFacts(f, e).length) {
      const right = el("button", { type: "button", class: "right", text: "This side is right", "data-side": String(index) });
      right.addEventListener("click", () => markRight(box.closest(".finding"), index));
      box.append(right);
    }
    return box;
  }
  function decide(card, decision) {
    const f = card.finding;
    const reason = card.querySelector(".reason").value;
    if (decision) decisions[f.id] = { decision, reason };
    else delete decisions[f.id];
    saveDecisions();
    showDecision(card);
    applyFilters();
    refreshExport();
  }
  function showDecision(card) {
    const d = decisionOf(card.finding);
    const status = card.querySelector(".status");
    status.textContent = d ? d.decision + (d.reason ? ": " + d.reason : "") + (d.fromBaseline ? " (baseline)" : "") : "open";
    card.classList.toggle("decided", Boolean(d));
    card.dataset.decision = d ? d.decision : "open";
  }
  function card(f) {
    const node = el("article", { class: "finding " + f.severity, tabindex: "0", "data-id": f.id, "data-rule": f.rule });
    node.finding = f;
    const head = el("header", {}, el("span", { class: "badge " + f.severity, text: f.severity }), el("code", { text: f.rule }));
    if (f.score !== null && f.score !== undefined) head.append(el("span", { class: "score", text: "score " + Number(f.score).toFixed(2) }));
    node.append(head, el("p", { class: "message", text: f.message }));
    node.append(el("div", { class: "sides" }, ...f.evidence.map((e, i) => side(e, f, i))));
    const reason = el("input", { class: "reason", type: "text", placeholder: "reason (optional)", "aria-label": "reason" });
    const existing = decisionOf(f);
    if (existing) reason.value = existing.reason || "";
    const accept = el("button", { type: "button", class: "accept", text: "Accept" });
    const dismiss = el("button", { type: "button", class: "dismiss", text: "Dismiss" });
    const undo = el("button", { type: "button", class: "undo", text: "Undo" });
    accept.addEventListener("click", () => decide(node, "accepted"));
    dismiss.addEventListener("click", () => decide(node, "dismissed"));
    undo.addEventListener("click", () => decide(node, null));
    node.append(el("footer", {}, reason, accept, dismiss, undo, el("span", { class: "status" }), el("span", { class: "status right-status" })));
    showDecision(node);
    showMark(node);
    return node;
  }
  function timeline(entity) {
    const entries = report.timeline.filter((t) => t.entity === entity);
    if (!entries.length) return null;
    const list = el("ol", { class: "timeline" });
    for (const t of entries) {
      list.append(el("li", {}, el("time", { text: t.date || "undated" }), el("span", { class: "label", text: t.label }), el("span", { class: "meta", text: t.article + ": “" + t.quote + "”" })));
    }
    return el("details", { open: "" }, el("summary", { text: "timeline" }), list);
  }
  function findings() {
    const root = document.getElementById("findings");
    const groups = new Map();
    for (const f of report.findings) {
      const key = entityOf(f);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    }
    for (const [key, list] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const section = el("section", { class: "entity" }, el("h2", { text: key }));
      const names = key === "(no entity)" ? [] : list[0].entities;
      for (const name of names) {
        const t = timeline(name);
        if (t) {
          if (names.length > 1) t.querySelector("summary").textContent = "timeline: " + name;
          section.append(t);
        }
      }
      for (const f of list) section.append(card(f));
      root.append(section);
    }
    if (!report.findings.length) root.append(el("p", { text: "No findings: the articles agree on everything accord checks." }));
  }

  // --- export ----------------------------------------------------------------------------------------
  function baseline() {
    const accepted = [];
    for (const f of report.findings) {
      const d = decisionOf(f);
      if (!d) continue;
      const cited = [...new Set(f.evidence.map((e) => e.article))];
      accepted.push({ id: f.id, rule: f.rule, entities: f.entities, message: f.message, reason: d.reason || "", decision: d.decision, articles: cited });
    }
    accepted.sort((a, b) => (a.rule + a.entities.join() + a.id).localeCompare(b.rule + b.entities.join() + b.id));
    return { version: "1", accepted };
  }
  let downloadUrl = null;
  function refreshExport() {
    const text = JSON.stringify(baseline(), null, 2) + "\n";
    document.getElementById("export-text").value = text;
    const link = document.getElementById("export-link");
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.href = downloadUrl;
  }

  // --- facts: the side a reviewer marks right, as a facts sheet entry (docs/facts.md) ------------------
  // Findings that set two sources against each other on one fact: one side is right, the other wrong.
  const FACT_RULES = new Set(["role-conflict", "rank-regression", "office-holder-conflict", "deceased-acting"]);
  const entities = new Map(report.entities.map((e) => [e.canonical, e]));
  function sideFacts(f, e) {
    // What a side says, from the timeline entries of its words: a present title in a known place, or a death.
    return report.timeline.filter(
      (t) => f.entities.includes(t.entity) && t.article === e.article && t.start === e.start && t.end === e.end &&
        ((t.role && (t.country || t.org)) || t.status === "dead")
    );
  }
  function markRight(card, index) {
    const f = card.finding;
    if (marks[f.id] === index) delete marks[f.id];
    else marks[f.id] = index;
    saveMarks();
    showMark(card);
    refreshFacts();
  }
  function showMark(card) {
    const f = card.finding;
    const index = Object.prototype.hasOwnProperty.call(marks, f.id) ? marks[f.id] : null;
    card.querySelectorAll(".side").forEach((box, i) => box.classList.toggle("marked-right", i === index));
    const e = index === null ? null : f.evidence[index];
    card.querySelector(".right-status").textContent = e ? "right: " + e.article : "";
  }
  function dateOf(e) {
    const article = articles.get(e.article);
    return e.date || (article && article.published) || null;
  }
  const q = (text) => JSON.stringify(String(text)); // a JSON string is a TOML basic string
  function factsSheet() {
    const out = [
      "# Facts exported from the accord review page: what the sides marked right say.",
      "# Dates are those of the reports ('by' the first, 'after' the last): set each term's true dates and a source.",
      "",
    ];
    const owner = new Map(); // lower-cased name -> the person it was given to (a name names one person)
    const seen = new Set();
    for (const f of report.findings) {
      if (!Object.prototype.hasOwnProperty.call(marks, f.id)) continue;
      const e = f.evidence[marks[f.id]];
      if (!e) continue;
      const dates = f.evidence.map(dateOf).filter(Boolean).sort();
      const against = [...new Set(f.evidence.filter((x) => x.article !== e.article).map((x) => x.article))];
      const reason = (decisions[f.id] && decisions[f.id].reason) || "";
      const note = `Marked right in review of ${f.rule}: ${e.article} ("${e.quote}")` + (against.length ? ` against ${against.join(", ")}` : "") + (reason ? `. ${reason}` : "");
      const article = articles.get(e.article);
      const url = article && article.url ? safeUrl(article.url) : null;
      for (const t of sideFacts(f, e)) {
        const lines = [];
        const person = t.entity;
        const names = [person, ...((entities.get(person) || {}).aliases || []).filter((a) => a !== person && a.includes(" "))];
        const aliases = names.filter((n) => !owner.has(n.toLowerCase()) || owner.get(n.toLowerCase()) === person).slice(1);
        if (owner.has(person.toLowerCase()) && owner.get(person.toLowerCase()) !== person) continue;
        if (t.status === "dead") {
          const day = dateOf(e);
          if (!day) continue;
          lines.push("[[death]]", `person = ${q(person)}`, `date = ${q("by " + day)}`);
        } else {
          if (!dates.length) continue;
          lines.push("[[office]]", `person = ${q(person)}`);
          if (aliases.length) lines.push(`aliases = [${aliases.map(q).join(", ")}]`);
          lines.push(`role = ${q(t.role)}`, t.country ? `country = ${q(t.country)}` : `org = ${q(t.org)}`);
          lines.push(`start = ${q("by " + dates[0])}`, `end = ${q("after " + dates[dates.length - 1])}`);
        }
        if (url) lines.push(`source = ${q(url)}`);
        lines.push(`note = ${q(note)}`);
        const key = lines.filter((l) => !l.startsWith("note")).join("\n");
        if (seen.has(key)) continue;
        seen.add(key);
        for (const n of [person, ...aliases]) owner.set(n.toLowerCase(), person);
        out.push(...lines, "");
      }
    }
    return out.join("\n");
  }
  let factsUrl = null;
  function refreshFacts() {
    const text = factsSheet();
    document.getElementById("facts-text").value = text;
    const link = document.getElementById("facts-link");
    if (factsUrl) URL.revokeObjectURL(factsUrl);
    factsUrl = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    link.href = factsUrl;
  }

  // --- keyboard: j/k move between findings, a/d/u decide the focused one ----------------------------
  function keys(event) {
    if (event.target.matches("input, textarea, select")) return;
    const cards = [...document.querySelectorAll(".finding:not([hidden])")];
    const current = document.activeElement && document.activeElement.closest(".finding");
    const index = cards.indexOf(current);
    if (event.key === "j" || event.key === "k") {
      const next = cards[Math.min(cards.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)))];
      if (next) next.focus();
    } else if (current && (event.key === "a" || event.key === "d" || event.key === "u")) {
      decide(current, { a: "accepted", d: "dismissed", u: null }[event.key]);
    } else return;
    event.preventDefault();
  }

  summary();
  setupFilters();
  findings();
  applyFilters();
  refreshExport();
  refreshFacts();
  document.addEventListener("keydown", keys);
  document.getElementById("clear").addEventListener("click", () => {
    decisions = {};
    saveDecisions();
    marks = {};
    saveMarks();
    document.querySelectorAll(".finding").forEach(showDecision);
    document.querySelectorAll(".finding").forEach(showMark);
    refreshFacts();
    applyFilters();
    refreshExport();
  });
  document.body.dataset.ready = "true";
})();
