// The second vCard reader of PRM's tests: ical.js, the parser in Thunderbird and
// Nextcloud. Reads files named on the command line, or, with no arguments, a JSON
// list of {name, text} on stdin; prints each failure and exits 1 if there was one.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

function check(name, text) {
  try {
    const parsed = ICAL.parse(text);
    const cards = Array.isArray(parsed[0]) ? parsed : [parsed];
    for (const card of cards) {
      if (card[0] !== "vcard") throw new Error(`not a vcard component: ${card[0]}`);
      // Reading every value is where ical.js rejects a bad date or offset.
      new ICAL.Component(card).getAllProperties().forEach((p) => p.getValues());
    }
    return true;
  } catch (err) {
    console.error(`${name}: ${err && err.message ? err.message : err}`);
    return false;
  }
}

const args = process.argv.slice(2);
const files = args.length
  ? args.map((name) => ({ name, text: fs.readFileSync(name, "utf8") }))
  : JSON.parse(fs.readFileSync(0, "utf8"));
let ok = true;
for (const { name, text } of files) ok = check(name, text) && ok;
process.exit(ok ? 0 : 1);
