"""The travel pack's page: HTML, CSS and JavaScript in one file, no external URL at all.

The script decrypts with WebCrypto only (PBKDF2 -> AES-GCM, the envelope that
``pack.encrypt`` writes) and builds the page with DOM calls and ``textContent``,
never ``innerHTML``: a note that contains markup shows as text. ``decryptPack``
touches no DOM, so the tests run this very script under node against the file.
"""

from __future__ import annotations

import json

_STYLE = """
:root { --bg:#f6f5f2; --card:#fff; --ink:#1c1c1e; --soft:#5f6368; --line:#e3e1dc;
  --accent:#1f6feb; --accent-ink:#fff; --warn:#b3261e; --mark:#fff3c4; --chip:#eef2f8; }
@media (prefers-color-scheme: dark) {
  :root { --bg:#121212; --card:#1e1f22; --ink:#ececec; --soft:#a5a8ad; --line:#33353a;
    --accent:#5b9dff; --accent-ink:#0b1220; --warn:#ff8a80; --mark:#4a3f12; --chip:#2a2f38; } }
* { box-sizing:border-box; }
html { -webkit-text-size-adjust:100%; text-size-adjust:100%; }
body { margin:0; background:var(--bg); color:var(--ink); font:18px/1.45 -apple-system,
  BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width:760px; margin:0 auto; padding:16px 14px 48px; }
h1 { font-size:1.6em; line-height:1.2; margin:.2em 0 .1em; }
h2 { font-size:1.15em; margin:1.4em 0 .5em; color:var(--soft); font-weight:600;
  text-transform:uppercase; letter-spacing:.04em; }
.sub { color:var(--soft); margin:0 0 .8em; }
input { font:inherit; color:inherit; }
.field { width:100%; padding:14px 16px; border:1px solid var(--line); border-radius:12px;
  background:var(--card); font-size:1.05em; }
.field:focus { outline:3px solid var(--accent); outline-offset:1px; }
button { font:inherit; font-weight:600; border:0; border-radius:12px; padding:14px 20px;
  background:var(--accent); color:var(--accent-ink); cursor:pointer; min-height:52px; }
button.quiet { background:transparent; color:var(--accent); border:1px solid var(--line);
  min-height:44px; padding:8px 16px; }
button:disabled { opacity:.6; }
#lock { max-width:440px; margin:12vh auto 0; }
#lock form { display:grid; gap:12px; margin-top:18px; }
.msg { min-height:1.5em; margin:.2em 0; color:var(--warn); font-weight:600; }
.note { color:var(--soft); font-size:.9em; }
.top { display:flex; align-items:flex-start; justify-content:space-between; gap:12px; }
.search { position:sticky; top:0; background:var(--bg); padding:8px 0 10px; z-index:1; }
details.person { background:var(--card); border:1px solid var(--line); border-radius:14px;
  margin:0 0 10px; overflow:hidden; }
details.person > summary { list-style:none; cursor:pointer; padding:14px 16px; }
details.person > summary::-webkit-details-marker { display:none; }
details.person[open] > summary { border-bottom:1px solid var(--line); }
.name { font-size:1.2em; font-weight:700; }
.who { color:var(--soft); }
.clock { margin-top:2px; font-variant-numeric:tabular-nums; }
.clock b { font-weight:700; }
.late { color:var(--warn); font-weight:600; white-space:nowrap; }
.flags { display:flex; flex-wrap:wrap; gap:6px; margin-top:6px; }
.flag { background:var(--chip); border-radius:999px; padding:2px 10px; font-size:.85em; }
.flag.hot { background:var(--mark); }
.body { padding:6px 16px 14px; }
.links { display:flex; flex-wrap:wrap; gap:8px; margin:10px 0 4px; }
.links a { display:inline-block; padding:10px 14px; border-radius:10px; background:var(--chip);
  color:var(--accent); text-decoration:none; font-weight:600; overflow-wrap:anywhere; }
h3 { font-size:.8em; text-transform:uppercase; letter-spacing:.05em; color:var(--soft);
  margin:1em 0 .3em; }
ul.items { list-style:none; margin:0; padding:0; }
ul.items li { padding:4px 0; border-top:1px solid var(--line); }
ul.items li:first-child { border-top:0; }
.when { color:var(--soft); font-variant-numeric:tabular-nums; margin-right:.4em; }
li.during { background:var(--mark); border-radius:8px; padding:4px 8px; }
dl { margin:0; display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; }
dt { color:var(--soft); } dd { margin:0; }
.notes { white-space:pre-wrap; overflow-wrap:anywhere; }
.hidden { display:none !important; }
@media (min-width:700px) { body { font-size:17px; } main { padding-top:28px; } }
"""

_BODY = """
<main>
<section id="lock">
  <h1>Travel pack</h1>
  <p class="sub">Type the passphrase to open it. It is decrypted here, in this browser;
  nothing is sent anywhere.</p>
  <noscript><p class="msg">This travel pack needs JavaScript: open it in a web browser
  (Safari, Chrome, Firefox), not in a file preview.</p></noscript>
  <form id="unlock-form" autocomplete="off">
    <input id="passphrase" class="field" type="password" autocomplete="current-password"
      autocapitalize="none" autocorrect="off" spellcheck="false" enterkeyhint="go"
      aria-label="Passphrase" placeholder="Passphrase">
    <button id="unlock" type="submit">Open</button>
    <p id="message" class="msg" role="alert"></p>
  </form>
</section>
<section id="pack" class="hidden">
  <div class="top">
    <div><h1 id="title"></h1><p id="dates" class="sub"></p></div>
    <button id="lock-again" class="quiet" type="button">Lock</button>
  </div>
  <div class="search"><input id="search" class="field" type="search"
    placeholder="Search names, companies, notes" aria-label="Search"></div>
  <p id="nobody" class="note hidden"></p>
  <div id="groups"></div>
  <p id="made" class="note"></p>
</section>
</main>
"""

# Plain ES2017, no modules: runs in any phone browser of the last years and under node.
_SCRIPT = r"""
"use strict";
function fromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
class PackError extends Error {}
async function decryptPack(envelope, passphrase) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) {
    throw new PackError("This browser cannot decrypt the pack here (no WebCrypto). " +
      "Open the file directly in Safari, Chrome or Firefox.");
  }
  const base = await subtle.importKey("raw", new TextEncoder().encode(passphrase.normalize("NFC")),
    "PBKDF2", false, ["deriveKey"]);
  const key = await subtle.deriveKey(
    {name: "PBKDF2", salt: fromBase64(envelope.salt), iterations: envelope.iterations,
     hash: "SHA-256"},
    base, {name: "AES-GCM", length: 256}, false, ["decrypt"]);
  let plain;
  try {
    plain = await subtle.decrypt({name: "AES-GCM", iv: fromBase64(envelope.iv)}, key,
      fromBase64(envelope.data));
  } catch (e) {
    throw new PackError("That passphrase does not open this travel pack. Check it and try again.");
  }
  return JSON.parse(new TextDecoder().decode(plain));
}

function el(tag, props, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const kid of kids) if (kid) node.append(kid);
  return node;
}
function fold(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
function day(iso) {
  if (!iso) return "";
  const d = iso.length === 10 ? new Date(iso + "T12:00:00") : new Date(iso);
  if (isNaN(d)) return iso;
  return d.toLocaleDateString(undefined, {day: "numeric", month: "short", year: "numeric"});
}
const CHANNELS = {email: "Email", call: "Call", voicemail: "Voicemail", text: "Text",
  video: "Video call", meeting: "Meeting", in_person: "In person", social: "Social media",
  letter: "Letter", gift: "Gift", article: "Article", event: "Event"};
const KINDS = {gift: "Gift", event: "Event", article: "Article sent", meeting: "Meeting"};
function localTime(zone, now) {
  if (!zone) return "";
  try {
    return new Intl.DateTimeFormat(undefined, {timeZone: zone, weekday: "short",
      hour: "2-digit", minute: "2-digit"}).format(now);
  } catch (e) { return ""; }
}
function localHour(zone, now) {
  const parts = new Intl.DateTimeFormat("en-GB", {timeZone: zone, hour: "numeric",
    hourCycle: "h23"}).formatToParts(now);
  return Number((parts.find(p => p.type === "hour") || {value: "12"}).value);
}
function list(title, rows) {
  if (!rows.length) return null;
  return el("div", {}, el("h3", {text: title}), el("ul", {class: "items"}, ...rows));
}
function item(when, text, cls) {
  const li = el("li", cls ? {class: cls} : {});
  if (when) li.append(el("span", {class: "when", text: when}));
  li.append(document.createTextNode(text));
  return li;
}
function personCard(p) {
  const who = [p.title, p.organization].filter(Boolean).join(", ");
  const flags = el("div", {class: "flags"});
  if (p.owed.length) flags.append(el("span", {class: "flag hot", text: "You owe a reply"}));
  if (p.promises.length) flags.append(el("span", {class: "flag hot",
    text: p.promises.length === 1 ? "1 promise open" : p.promises.length + " promises open"}));
  if (p.events.some(e => e.during)) flags.append(el("span", {class: "flag hot",
    text: "Event during your trip"}));
  if (p.channel) flags.append(el("span", {class: "flag",
    text: "Prefers " + (CHANNELS[p.channel] || p.channel).toLowerCase()}));
  const clock = el("div", {class: "clock"});
  clock.dataset.zone = p.timezone || "";
  const summary = el("summary", {}, el("div", {class: "name", text: p.name}),
    who ? el("div", {class: "who", text: who}) : null, clock,
    flags.childElementCount ? flags : null);
  const links = el("div", {class: "links"});
  for (const ph of p.phones) {
    if (ph.tel) links.append(el("a", {href: "tel:" + ph.tel, text: "Call " + ph.value}));
  }
  for (const m of p.emails) links.append(el("a", {href: "mailto:" + m.value, text: m.value}));
  const prefs = p.preferences.length ? el("div", {}, el("h3", {text: "Preferences"}),
    el("dl", {}, ...p.preferences.flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: v})])))
    : null;
  const last = p.last_meeting;
  const meeting = last ? list("Last meeting", [last.notes, last.outcomes && "Outcome: " +
    last.outcomes, last.next_step && "Next step: " + last.next_step].filter(Boolean)
    .map((t, i) => item(i ? "" : day(last.at), t))) : null;
  const body = el("div", {class: "body"},
    links.childElementCount ? links : null,
    list("Replies you owe", p.owed.map(o => item(day(o.since), o.what))),
    list("Promises (follow-ups)", p.promises.map(o => item(day(o.due), o.what))),
    list("Their events", p.events.map(e => item(day(e.on), e.what + (e.during ?
      " — during your trip" : ""), e.during ? "during" : ""))),
    prefs,
    list("Last touches", p.touches.map(t => item(day(t.at), (t.kind === "touch" ?
      CHANNELS[t.channel] || t.channel : KINDS[t.kind] || t.kind) +
      (t.summary ? ": " + t.summary : "")))),
    meeting,
    list("Gifts given", p.gifts.map(g => item(day(g.on), g.what))),
    p.notes ? el("div", {}, el("h3", {text: "Notes"}), el("div", {class: "notes",
      text: p.notes})) : null);
  const card = el("details", {class: "person"}, summary, body);
  card.dataset.search = fold([p.name, p.organization, p.title, p.city, p.country, p.notes,
    ...p.emails.map(m => m.value), ...p.preferences.map(x => x[1])].join(" "));
  return card;
}
function tick() {
  const now = new Date();
  for (const c of document.querySelectorAll(".clock")) {
    const text = localTime(c.dataset.zone, now);
    c.replaceChildren();
    const place = c.dataset.zone.split("/").pop().replace(/_/g, " ");
    if (!text) continue;
    c.append(el("b", {text: text}), " in " + place);
    const hour = localHour(c.dataset.zone, now);
    if (hour < 8 || hour >= 20) c.append(el("span", {class: "late", text: " · night there"}));
  }
}
function show(data) {
  document.getElementById("title").textContent = data.title;
  document.getElementById("dates").textContent = day(data.starts_on) + " – " +
    day(data.ends_on) + " · " + data.people.length +
    (data.people.length === 1 ? " person" : " people");
  document.getElementById("made").textContent = "Made by PRM on " + day(data.made_at) +
    ". Decrypted in this browser only; close the tab or press Lock when done.";
  const cities = new Map();
  for (const p of data.people) {
    if (!cities.has(p.city)) cities.set(p.city, []);
    cities.get(p.city).push(p);
  }
  const order = [...cities.keys()].sort((a, b) => (a === "Elsewhere") - (b === "Elsewhere") ||
    cities.get(b).length - cities.get(a).length || a.localeCompare(b));
  const groups = document.getElementById("groups");
  groups.replaceChildren();
  for (const city of order) {
    const people = cities.get(city);  // in the order given: the plan's ranking
    const section = el("section", {class: "group"},
      el("h2", {text: city + " · " + people.length}), ...people.map(personCard));
    groups.append(section);
  }
  if (data.people.length <= 2) for (const d of groups.querySelectorAll("details")) d.open = true;
  tick();
  window.__prmTimer = setInterval(tick, 20000);
  document.getElementById("lock").classList.add("hidden");
  document.getElementById("pack").classList.remove("hidden");
}
function filter(query) {
  const q = fold(query.trim());
  let shown = 0;
  for (const group of document.querySelectorAll(".group")) {
    let any = false;
    for (const card of group.querySelectorAll("details.person")) {
      const hit = !q || card.dataset.search.includes(q);
      card.classList.toggle("hidden", !hit);
      any = any || hit;
      shown += hit;
    }
    group.classList.toggle("hidden", !any);
  }
  if (q && shown === 1) document.querySelector("details.person:not(.hidden)").open = true;
  const nobody = document.getElementById("nobody");
  nobody.textContent = shown ? "" : "No one matches “" + query.trim() + "”.";
  nobody.classList.toggle("hidden", shown > 0);
}
function start() {
  const envelope = JSON.parse(document.getElementById("pack-data").textContent);
  const form = document.getElementById("unlock-form");
  const input = document.getElementById("passphrase");
  const button = document.getElementById("unlock");
  const message = document.getElementById("message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value) { message.textContent = "Type the passphrase first."; return; }
    button.disabled = true;
    button.textContent = "Opening…";
    message.textContent = "";
    try {
      show(await decryptPack(envelope, input.value));
      input.value = "";
    } catch (e) {
      message.textContent = e instanceof PackError ? e.message : "This file is damaged: " + e;
      input.select();
    } finally {
      button.disabled = false;
      button.textContent = "Open";
    }
  });
  document.getElementById("search").addEventListener("input", e => filter(e.target.value));
  document.getElementById("lock-again").addEventListener("click", () => {
    clearInterval(window.__prmTimer);
    document.getElementById("groups").replaceChildren();
    document.getElementById("search").value = "";
    document.getElementById("pack").classList.add("hidden");
    document.getElementById("lock").classList.remove("hidden");
    input.focus();
  });
  input.focus();
}
if (typeof document !== "undefined") start();
"""


def render_page(envelope: dict) -> str:
    """The whole HTML file around ``envelope`` (base64 and numbers: nothing to escape)."""
    data = json.dumps(envelope, separators=(",", ":")).replace("<", "\\u003c")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="referrer" content="no-referrer">\n'
        # Nothing may load from anywhere: the page is whole, and a pack never calls home.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        "<title>Travel pack</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>{_BODY}"
        f'<script id="pack-data" type="application/json">{data}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
