// c87 review: the page. It keeps a working copy of the facts document, marks the letter,
// and sends the whole document to the server on save; the server checks it as
// `c87 validate` does and writes the file. Every request carries the address's token.
"use strict";

const TOKEN = location.pathname.split("/")[1];
const $ = (sel) => document.querySelector(sel);
let S = null;          // what the server sent: text, vocabulary, dates, warnings
let facts = null;      // the working copy of the facts document
let order = [];        // event indexes in date order
let current = 0;       // position in `order`
let dirty = false;
let selection = null;  // {start, end} of the words selected in the letter

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-C87-Token": TOKEN},
    body: JSON.stringify(body),
  };
  const response = await fetch("api/" + path, init);
  let data = null;
  try { data = await response.json(); } catch (e) { data = {problems: [response.statusText]}; }
  return {status: response.status, data};
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function say(message, kind = "") {
  const status = $("#status");
  status.textContent = message;
  status.className = kind;
}

// -- the vocabulary ----------------------------------------------------------------------

const typeOf = (id) => S.vocabulary.types.find((t) => t.id === id);
const typeLabel = (id) => (typeOf(id) || {label: id}).label;
const familyOf = (id) => (typeOf(id) || {family: "other"}).family;
const actorOf = (id) => facts.actors.find((a) => a.id === id);

function typeSelect(value, onchange) {
  const select = el("select", {class: "type", onchange});
  for (const family of S.vocabulary.families) {
    const group = el("optgroup", {label: family.label});
    for (const t of S.vocabulary.types.filter((x) => x.family === family.id)) {
      group.append(el("option", {value: t.id, title: t.definition, selected: t.id === value},
                      t.label));
    }
    select.append(group);
  }
  return select;
}

function actorSelect(value, onchange, empty = false) {
  const select = el("select", {class: "actor-choice", onchange});
  if (empty) select.append(el("option", {value: ""}, "(none)"));
  for (const a of facts.actors) {
    select.append(el("option", {value: a.id, selected: a.id === value}, a.name));
  }
  return select;
}

// -- review decisions --------------------------------------------------------------------

function now() { return new Date().toISOString().replace(/\.\d{3}Z$/, "Z"); }

function decide(item, status) {
  const review = {status, time: now()};
  const who = $("#reviewer").value.trim();
  if (who) review.reviewer = who;
  item.review = review;
  dirty = true;
}

function accept(item) {
  const was = item.review && item.review.status;
  decide(item, was === "corrected" || was === "added" ? was : "accepted");
}

function corrected(item) {
  const was = item.review && item.review.status;
  decide(item, was === "added" ? "added" : "corrected");
}

function reject(event) {
  if (!(event.review && event.review.status === "rejected")) event._before = event.review || null;
  decide(event, "rejected");
}

function undo(event) {
  if (event.review && event.review.status === "rejected" && event._before !== undefined) {
    if (event._before) event.review = event._before; else delete event.review;
  } else {
    delete event.review;
  }
  delete event._before;
  dirty = true;
}

// -- the letter --------------------------------------------------------------------------

function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function actorMentions() {
  const out = [];
  const text = S.text;
  for (const actor of facts.actors) {
    const names = [actor.name, ...(actor.aliases || [])].filter((n) => n && n.length > 1);
    for (const name of names) {
      const pattern = new RegExp("(?<![\\p{L}\\p{N}])" + escapeRegExp(name).replace(/\s+/g, "\\s+")
                                 + "(?![\\p{L}\\p{N}])", "gu");
      for (const m of text.matchAll(pattern)) {
        out.push({start: S.toCp[m.index], end: S.toCp[m.index + m[0].length], actor: actor.id});
      }
    }
  }
  return out;
}

// Offsets in a facts document count code points, as Python does; JavaScript counts UTF-16
// units. The page keeps the letter as an array of code points and converts where it
// meets the DOM or a regular expression.
function indexText(text) {
  const cps = Array.from(text);
  const toCp = new Int32Array(text.length + 1);
  let u = 0;
  cps.forEach((c, i) => { toCp[u] = i; if (c.length === 2) toCp[u + 1] = i + 1; u += c.length; });
  toCp[u] = cps.length;
  return {cps, toCp};
}
const slice = (a, b) => S.cps.slice(a, b).join("");

// The letter as shown: a line break inside a paragraph (after a line of 60 characters or
// more, before a line that is not blank) is shown as a space, so that the pane wraps the
// text itself. One character for one: every offset stays the letter's own.
function shownText(cps) {
  const out = cps.slice();
  const breaks = [];
  cps.forEach((c, i) => { if (c === "\n") breaks.push(i); });
  breaks.push(cps.length);
  let lineStart = 0;
  for (let k = 0; k + 1 < breaks.length; k++) {
    const i = breaks[k];
    const line = cps.slice(lineStart, i).join("").trim();
    const rest = cps.slice(i + 1, breaks[k + 1]).join("").trim();
    if (line.length >= 60 && rest.length > 0) out[i] = " ";
    lineStart = i + 1;
  }
  return out;
}

function renderLetter() {
  const length = S.cps.length;
  const spans = [];
  const shown = currentEvent();
  facts.events.forEach((e, i) => {
    const rejected = e.review && e.review.status === "rejected";
    for (const ev of e.evidence) {
      spans.push({start: ev.start, end: ev.end, kind: "ev", event: i, rejected,
                  family: familyOf(e.type), current: e === shown});
    }
  });
  for (const m of actorMentions()) spans.push({...m, kind: "actor"});
  for (const d of S.dates) spans.push({...d, kind: "date"});
  for (const w of S.warnings) spans.push({...w, kind: "warn"});
  const cuts = new Set([0, length]);
  for (const s of spans) { cuts.add(Math.max(0, s.start)); cuts.add(Math.min(length, s.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const letter = $("#letter");
  const scroll = letter.scrollTop;
  letter.replaceChildren();
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const classes = [];
    const data = {s: a};
    let title = [];
    const evs = covering.filter((s) => s.kind === "ev");
    if (evs.length) {
      const best = evs.find((s) => s.current) || evs.find((s) => !s.rejected) || evs[0];
      classes.push("ev", "fam-" + best.family);
      if (best.rejected) classes.push("rejected");
      if (evs.some((s) => s.current)) classes.push("current");
      data.event = best.event;
      title.push(evs.map((s) => typeLabel(facts.events[s.event].type)).join(", "));
    }
    const actor = covering.find((s) => s.kind === "actor");
    if (actor) { classes.push("actor"); data.actor = actor.actor; title.push(actorOf(actor.actor).name); }
    const date = covering.find((s) => s.kind === "date");
    if (date) { classes.push("date"); title.push(date.value); }
    const warn = covering.find((s) => s.kind === "warn");
    if (warn) { classes.push("warn"); title.push(warn.message); }
    letter.append(el("span", {class: classes.join(" ") || null, dataset: data,
                              title: title.join(" · ") || null}, S.shown.slice(a, b).join("")));
  }
  letter.scrollTop = scroll;
}

function offsetOf(node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement.closest("[data-s]");
    return seg ? Number(seg.dataset.s) + Array.from(node.data.slice(0, offset)).length : null;
  }
  if (node === $("#letter")) {
    const child = node.childNodes[offset];
    return child ? Number(child.dataset.s) : S.cps.length;
  }
  const seg = node.closest && node.closest("[data-s]");
  if (!seg) return null;
  return Number(seg.dataset.s) + (offset > 0 ? Array.from(seg.textContent).length : 0);
}

function readSelection() {
  const sel = window.getSelection();
  const letter = $("#letter");
  if (!sel || sel.isCollapsed || !letter.contains(sel.anchorNode) || !letter.contains(sel.focusNode)) {
    return null;
  }
  let a = offsetOf(sel.anchorNode, sel.anchorOffset);
  let b = offsetOf(sel.focusNode, sel.focusOffset);
  if (a === null || b === null) return null;
  if (a > b) [a, b] = [b, a];
  while (a < b && /\s/.test(S.cps[a])) a++;
  while (b > a && /\s/.test(S.cps[b - 1])) b--;
  return b > a ? {start: a, end: b} : null;
}

function onLetterMouseUp() {
  selection = readSelection();
  const tools = $("#selection-tools");
  tools.hidden = !selection;
  if (selection) $("#selection-quote").textContent = slice(selection.start, selection.end);
}

function onLetterClick(ev) {
  if (readSelection()) return;
  const seg = ev.target.closest("[data-s]");
  if (!seg) return;
  if (seg.dataset.event !== undefined) {
    const pos = order.indexOf(Number(seg.dataset.event));
    if (pos >= 0) { current = pos; showTab("events"); render(); scrollToCurrent(); }
  } else if (seg.dataset.actor) {
    showTab("actors");
    const card = document.getElementById("actor-" + seg.dataset.actor);
    if (card) card.scrollIntoView({block: "center"});
  }
}

// -- events ------------------------------------------------------------------------------

function dateKey(e) { return e.date || e.start || "9999"; }

function sortEvents() {
  order = facts.events.map((_, i) => i).sort((i, j) => {
    const a = facts.events[i], b = facts.events[j];
    return dateKey(a).localeCompare(dateKey(b)) || a.evidence[0].start - b.evidence[0].start;
  });
}

function visibleOrder() {
  const showRejected = $("#show-rejected").checked;
  return order.filter((i) => showRejected || !isRejected(facts.events[i]));
}

const isRejected = (e) => Boolean(e.review && e.review.status === "rejected");
function currentEvent() { return facts && order.length ? facts.events[order[current]] : null; }

function setType(e, type) {
  const t = typeOf(type);
  e.type = type;
  e.principles = t.principles.map((p) => p.id);
  e.alleged_violation = t.violation;
}

function dateRow(e) {
  const range = Boolean(e.start || e.end);
  const input = (key, label) => el("label", {}, label + " ",
    el("input", {class: "date-" + key, size: 10, value: e[key] || "", placeholder: "YYYY-MM-DD",
                 onchange: (ev) => { const v = ev.target.value.trim();
                   if (v) e[key] = v; else delete e[key]; corrected(e); render(); }}));
  const row = el("div", {class: "row"});
  if (range) row.append(input("start", "From"), input("end", "to"));
  else row.append(input("date", "Date"));
  row.append(el("button", {type: "button", class: "small", onclick: () => {
    if (range) { e.date = e.start || e.end || undefined; delete e.start; delete e.end; }
    else { e.start = e.date; delete e.date; }
    if (!e.date) delete e.date;
    corrected(e); render();
  }}, range ? "one date" : "a range"));
  if (e.approximate) row.append(el("span", {class: "badge"}, "approximate"));
  return row;
}

function participantsRow(e) {
  const box = el("div", {class: "participants"}, el("label", {}, "Participants"));
  e.participants.forEach((p, k) => {
    const role = el("select", {class: "role", onchange: (ev) => { p.role = ev.target.value; corrected(e); render(); }},
      S.vocabulary.roles.map((r) => el("option", {value: r, selected: r === p.role}, r)));
    box.append(el("div", {class: "participant"},
      actorSelect(p.actor, (ev) => { p.actor = ev.target.value; corrected(e); render(); }), role,
      el("button", {type: "button", title: "remove", onclick: () => {
        e.participants.splice(k, 1); corrected(e); render(); }}, "×")));
  });
  box.append(el("button", {type: "button", class: "add-participant", onclick: () => {
    if (!facts.actors.length) return;
    e.participants.push({actor: facts.actors[0].id, role: "victim"}); corrected(e); render();
  }}, "+ participant"));
  return box;
}

function teachBox(e) {
  if (!e._teach || !S.lexicon) return null;
  const t = e._teach;
  const input = el("input", {class: "cue", value: t.cues[0] || "", size: 18, list: "cues-" + e.id});
  const list = el("datalist", {id: "cues-" + e.id}, t.cues.map((c) => el("option", {value: c})));
  return el("div", {class: "teach"},
    "Teach c87: read ", input, list, " as a cue for ", el("strong", {}, typeLabel(e.type)), "? ",
    el("button", {type: "button", class: "teach-yes", onclick: async () => {
      const cue = input.value.trim();
      if (!cue) return;
      const {data} = await api("lexicon", {type: e.type, cue, lang: facts.source.language || "en"});
      say(data.ok ? (data.message || `"${cue}" added to your lexicon`) : data.problems.join("; "),
          data.ok ? "ok" : "bad");
      delete e._teach; render();
    }}, "Add to my lexicon"),
    " ", el("button", {type: "button", class: "teach-no", onclick: () => { delete e._teach; render(); }},
            "No"));
}

async function proposeCues(e) {
  const ev = e.evidence[0];
  const {status, data} = await api("selection", {start: ev.start, end: ev.end});
  if (status === 200 && data.cues && data.cues.length) { e._teach = {cues: data.cues}; render(); }
}

function eventCard(i, pos) {
  const e = facts.events[i];
  const status = e.review ? e.review.status : "to review";
  const t = typeOf(e.type) || {principles: [], label: e.type};
  const card = el("article", {class: `card event st-${status.replace(" ", "-")}` + (pos === current ? " current" : ""),
                              id: "event-" + e.id, dataset: {index: i}});
  card.addEventListener("click", (ev) => {
    if (pos !== current && !ev.target.closest("button, select, input")) { current = pos; render(); }
  });
  const parts = [
    el("h3", {}, el("span", {class: "swatch fam-" + familyOf(e.type)}),
       typeSelect(e.type, (ev) => { setType(e, ev.target.value); corrected(e); render(); proposeCues(e); }),
       el("span", {class: "badge st-" + status.replace(" ", "-")}, status),
       el("span", {class: "badge"}, e.id)),
    dateRow(e),
    participantsRow(e),
    el("div", {class: "row"},
      el("label", {}, "Place ", el("input", {class: "place", size: 16, value: e.place || "",
        onchange: (ev) => { const v = ev.target.value.trim(); if (v) e.place = v; else delete e.place;
          corrected(e); render(); }})),
      el("label", {}, el("input", {type: "checkbox", class: "violation", checked: e.alleged_violation,
        onchange: (ev) => { e.alleged_violation = ev.target.checked; corrected(e); render(); }}),
        " alleged violation"),
      confidentialBox(e)),
    el("div", {class: "principles"}, "Principles its type engages: ",
      t.principles.length ? t.principles.map((p) => el("span", {class: "badge", title: p.id}, p.label))
                          : "none"),
    e.evidence.map((ev) => el("div", {class: "quote"}, ev.quote)),
    e.rule ? el("div", {class: "rule"}, e.rule) : null,
    el("div", {class: "actions"},
      el("button", {type: "button", class: "accept primary", onclick: () => { accept(e); next(); }},
         "Accept (a)"),
      el("button", {type: "button", class: "reject", onclick: () => { reject(e); next(); }}, "Reject (r)"),
      e.review ? el("button", {type: "button", class: "undo", onclick: () => { undo(e); render(); }},
                    "Undo (u)") : null),
    teachBox(e)];
  card.append(...parts.flat().filter((x) => x !== null && x !== undefined));
  return card;
}

function renderEvents() {
  const box = $("#events");
  const keep = box.scrollTop;
  box.replaceChildren(...visibleOrder().map((i) => eventCard(i, order.indexOf(i))));
  box.scrollTop = keep;
}

function scrollToCurrent() {
  const e = currentEvent();
  const card = e && document.getElementById("event-" + e.id);
  if (card) card.scrollIntoView({block: "nearest"});
  const mark = $("#letter .ev.current");
  if (mark) mark.scrollIntoView({block: "center"});
}

function step(delta) {
  const visible = visibleOrder().map((i) => order.indexOf(i));
  if (!visible.length) return;
  let k = visible.indexOf(current);
  k = k < 0 ? 0 : Math.max(0, Math.min(visible.length - 1, k + delta));
  current = visible[k];
  render(); scrollToCurrent();
}

function next() { render(); step(1); }

function freshId(prefix, taken) {
  let n = 1;
  while (taken.has(prefix + n)) n++;
  return prefix + n;
}

async function addEventFromSelection() {
  if (!selection) return;
  const {status, data} = await api("selection", selection);
  if (status !== 200) { say(data.error || "cannot add that selection", "bad"); return; }
  const type = $("#selection-type").value;
  const e = {id: freshId("r", new Set(facts.events.map((x) => x.id))), type,
             evidence: [{quote: data.quote, start: data.start, end: data.end}],
             participants: [], principles: [], alleged_violation: true};
  if (data.dates.length) e.date = data.dates[0];
  setType(e, type);
  decide(e, "added");
  if (data.cues && data.cues.length) e._teach = {cues: data.cues};
  facts.events.push(e);
  sortEvents();
  current = order.indexOf(facts.events.length - 1);
  selection = null; $("#selection-tools").hidden = true; window.getSelection().removeAllRanges();
  showTab("events"); render(); scrollToCurrent();
  say(`added ${e.id}: ${typeLabel(type)}; give it its date and participants`);
}

// -- actors ------------------------------------------------------------------------------

function slug(name) {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "actor";
}

function replaceActor(from, to) {
  for (const e of facts.events) {
    const seen = new Set();
    e.participants = e.participants.filter((p) => {
      if (p.actor === from) p.actor = to;
      const key = p.actor + "|" + p.role;
      if (seen.has(key)) return false;
      seen.add(key); return true;
    });
  }
  for (const key of ["sender", "addressee"]) if (facts.letter[key] === from) facts.letter[key] = to;
  for (const a of facts.actors) {
    if (a.member_of) a.member_of = [...new Set(a.member_of.map((m) => (m === from ? to : m)))].filter((m) => m !== a.id);
    for (const p of a.positions || []) if (p.organisation === from) p.organisation = to;
  }
}

function mergeActors(fromId, toId) {
  const from = actorOf(fromId), to = actorOf(toId);
  if (!from || !to || from === to) return;
  const names = new Set([to.name]);
  const aliases = [];
  for (const n of [...(to.aliases || []), from.name, ...(from.aliases || [])]) {
    if (!names.has(n)) { names.add(n); aliases.push(n); }
  }
  to.aliases = aliases;
  to.evidence = [...(to.evidence || []), ...(from.evidence || [])];
  to.positions = [...(to.positions || []), ...(from.positions || [])];
  to.member_of = [...new Set([...(to.member_of || []), ...(from.member_of || [])])];
  for (const key of ["country", "honorific", "given_name", "family_name"]) {
    if (!to[key] && from[key]) to[key] = from[key];
  }
  replaceActor(fromId, toId);
  facts.actors = facts.actors.filter((a) => a !== from);
  corrected(to);
  say(`merged "${from.name}" into "${to.name}"`);
}

function splitActor(actor, alias) {
  actor.aliases = (actor.aliases || []).filter((a) => a !== alias);
  const taken = new Set(facts.actors.map((a) => a.id));
  let id = slug(alias);
  if (taken.has(id)) id = freshId(id + "-", taken);
  const fresh = {id, name: alias, aliases: [], kind: actor.kind};
  if (actor.country) fresh.country = actor.country;
  facts.actors.push(fresh);
  corrected(actor);
  decide(fresh, "added");
  say(`"${alias}" is now an actor of its own (${id}); choose it in the events where it acts`);
}

// Confidential: left out of public outputs (an event), or named by a pseudonym there (an
// actor). Marking one is not a correction of what the letter says: its review stays as is.
function confidentialBox(item) {
  return el("label", {class: "confidential-label",
                      title: "not to be published: c87 convert --public leaves it out or names it by a pseudonym"},
    el("input", {type: "checkbox", class: "confidential", checked: Boolean(item.confidential),
      onchange: (ev) => { if (ev.target.checked) item.confidential = true; else delete item.confidential;
        dirty = true; render(); }}),
    " confidential");
}

function actorCard(a) {
  const status = a.review ? a.review.status : "to review";
  const used = facts.events.filter((e) => e.participants.some((p) => p.actor === a.id)).length;
  const others = facts.actors.filter((x) => x !== a);
  const mergeInto = el("select", {class: "merge-target"},
    el("option", {value: ""}, "merge into…"), others.map((o) => el("option", {value: o.id}, o.name)));
  const splitOff = el("select", {class: "split-alias"},
    el("option", {value: ""}, "split off…"), (a.aliases || []).map((n) => el("option", {value: n}, n)));
  return el("article", {class: `card actor-card st-${status.replace(" ", "-")}`, id: "actor-" + a.id},
    el("h3", {}, el("input", {class: "name", value: a.name, size: 28,
      onchange: (ev) => { const v = ev.target.value.trim(); if (v) { a.name = v; corrected(a); } render(); }}),
      el("span", {class: "badge st-" + status.replace(" ", "-")}, status),
      el("span", {class: "badge", title: "events it takes part in"}, `${used} events`)),
    el("div", {class: "row"},
      el("label", {}, "Kind ", el("select", {class: "kind", onchange: (ev) => { a.kind = ev.target.value; corrected(a); render(); }},
        S.vocabulary.kinds.map((k) => el("option", {value: k.id, selected: k.id === a.kind}, k.label)))),
      el("label", {}, "Country ", el("input", {class: "country", size: 3, value: a.country || "",
        onchange: (ev) => { const v = ev.target.value.trim().toUpperCase(); if (v) a.country = v; else delete a.country; corrected(a); render(); }})),
      confidentialBox(a)),
    el("div", {class: "row"}, el("label", {}, "Other names ", el("input", {class: "aliases", size: 40,
      value: (a.aliases || []).join("; "),
      onchange: (ev) => { a.aliases = ev.target.value.split(";").map((s) => s.trim()).filter(Boolean); corrected(a); render(); }}))),
    el("div", {class: "actions"},
      el("button", {type: "button", class: "accept", onclick: () => { accept(a); render(); }}, "Accept"),
      mergeInto, el("button", {type: "button", class: "merge", onclick: () => {
        if (mergeInto.value) { mergeActors(a.id, mergeInto.value); render(); } }}, "Merge"),
      splitOff, el("button", {type: "button", class: "split", onclick: () => {
        if (splitOff.value) { splitActor(a, splitOff.value); render(); } }}, "Split")));
}

function renderActors() {
  const box = $("#actors");
  const keep = box.scrollTop;
  box.replaceChildren(...facts.actors.map(actorCard));
  box.scrollTop = keep;
}

// -- the letter's fields -----------------------------------------------------------------

function renderFields() {
  const L = facts.letter;
  const status = L.review ? L.review.status : "to review";
  const text = (key, label, size = 20) => el("label", {}, label + " ",
    el("input", {class: "field-" + key, size, value: L[key] || "", onchange: (ev) => {
      const v = ev.target.value.trim(); if (v) L[key] = v; else delete L[key]; corrected(L); render(); }}));
  const party = (key, label) => el("label", {}, label + " ",
    actorSelect(L[key], (ev) => { if (ev.target.value) L[key] = ev.target.value; else delete L[key]; corrected(L); render(); }, true));
  L.signatory = L.signatory || {};
  const sign = (key, label) => el("label", {}, label + " ", el("input", {class: "signatory-" + key,
    value: L.signatory[key] || "", onchange: (ev) => { const v = ev.target.value.trim();
      L.signatory[key] = v || null; corrected(L); render(); }}));
  $("#fields").replaceChildren(el("article", {class: `card st-${status.replace(" ", "-")}`},
    el("h3", {}, "The letter", el("span", {class: "badge st-" + status.replace(" ", "-")}, status)),
    el("div", {class: "row"}, text("date", "Date", 10), text("reference", "Reference", 14)),
    el("div", {class: "row"}, text("subject", "Subject", 50)),
    el("div", {class: "row"}, party("sender", "Sender"), party("addressee", "Addressee")),
    el("div", {class: "row"}, sign("role", "Signatory's post"), sign("name", "name")),
    el("div", {class: "row"}, text("country", "State (ISO code)", 3),
      el("label", {}, "Conventions ", el("input", {class: "field-conventions", size: 14,
        value: (L.conventions || []).join(", "), onchange: (ev) => {
          L.conventions = ev.target.value.split(/[,\s]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
          corrected(L); render(); }}))),
    el("div", {class: "actions"}, el("button", {type: "button", class: "accept", onclick: () => { accept(L); render(); }}, "Accept"))));
}

// -- the page ----------------------------------------------------------------------------

function renderCounts() {
  const n = {accepted: 0, corrected: 0, added: 0, rejected: 0, open: 0};
  for (const e of facts.events) n[e.review ? e.review.status : "open"]++;
  $("#counts").textContent = `${facts.events.length} events: ${n.accepted} accepted, ` +
    `${n.corrected} corrected, ${n.added} added, ${n.rejected} rejected, ${n.open} to review` +
    (dirty ? " · not saved" : "");
}

function renderLegend() {
  const used = new Set(facts.events.map((e) => familyOf(e.type)));
  $("#legend").replaceChildren(
    ...S.vocabulary.families.filter((f) => used.has(f.id))
      .map((f) => el("span", {class: "fam-" + f.id}, f.label)),
    el("span", {class: "actor"}, "actor"), el("span", {class: "date"}, "date"),
    el("span", {class: "warn", title: "a dated sentence that gave no event"}, "dated, no event"));
}

function render() {
  renderCounts(); renderLegend(); renderLetter(); renderEvents(); renderActors(); renderFields();
}

function showTab(name) {
  for (const button of document.querySelectorAll("#tabs button")) {
    button.classList.toggle("active", button.dataset.tab === name);
  }
  for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== name;
}

function cleaned(value) {
  if (Array.isArray(value)) return value.map(cleaned);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith("_") && v !== undefined) out[k] = cleaned(v);
    return out;
  }
  return value;
}

async function save() {
  say("checking…");
  const {status, data} = await api("save", {facts: cleaned(facts)});
  const problems = $("#problems");
  if (status === 200 && data.ok) {
    dirty = false; problems.hidden = true;
    say(`saved ${data.file} (checked as c87 validate does)`, "ok");
  } else {
    problems.hidden = false;
    problems.textContent = "Not saved: the document has problems\n" + (data.problems || []).join("\n");
    say("not saved: see the problems above", "bad");
  }
  renderCounts();
}

function onKey(ev) {
  if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") { ev.preventDefault(); save(); return; }
  if (ev.target.closest("input, select, textarea") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const e = currentEvent();
  switch (ev.key) {
    case "j": case "ArrowDown": step(1); break;
    case "k": case "ArrowUp": step(-1); break;
    case "a": if (e) { accept(e); next(); } break;
    case "r": if (e) { reject(e); next(); } break;
    case "u": if (e) { undo(e); render(); } break;
    case "s": save(); break;
    case "?": $("#help").hidden = !$("#help").hidden; break;
    case "Escape": $("#help").hidden = true; break;
    default: return;
  }
  ev.preventDefault();
}

async function start() {
  const {status, data} = await api("state");
  if (status !== 200) { say("cannot load the review: " + status, "bad"); return; }
  S = data;
  Object.assign(S, indexText(S.text));
  S.shown = shownText(S.cps);
  facts = data.facts;
  $("#file").textContent = S.file;
  if (S.reviewer) $("#reviewer").value = S.reviewer;
  document.title = `c87 review: ${S.file}`;
  $("#selection-type").replaceWith(typeSelect(S.vocabulary.types[0].id, null));
  document.querySelector("#selection-tools select").id = "selection-type";
  sortEvents();
  render();
  $("#letter").addEventListener("mouseup", onLetterMouseUp);
  $("#letter").addEventListener("click", onLetterClick);
  $("#add-event").addEventListener("click", addEventFromSelection);
  $("#save").addEventListener("click", save);
  $("#accept-all").addEventListener("click", () => {
    let n = 0;
    for (const e of facts.events) if (!e.review) { accept(e); n++; }
    render(); say(`accepted ${n} events`);
  });
  $("#done").addEventListener("click", async () => {
    if (dirty && !confirm("Stop without saving the last changes?")) return;
    await api("stop", {});
    say("the review server has stopped; you can close this page", "ok");
  });
  $("#show-rejected").addEventListener("change", render);
  for (const button of document.querySelectorAll("#tabs button")) {
    button.addEventListener("click", () => showTab(button.dataset.tab));
  }
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", (ev) => { if (dirty) { ev.preventDefault(); ev.returnValue = ""; } });
  say("review each event: accept (a), correct it in place, or reject (r); ? for keys");
}

document.addEventListener("DOMContentLoaded", start);
