// Runs the travel pack page's own script under node and calls its decryptPack.
// stdin: {"html": "...", "passphrase": "..."}; stdout: {"data": ...} or {"error": "..."}.
"use strict";
const vm = require("vm");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const {html, passphrase} = JSON.parse(input);
  const data = html.match(/<script id="pack-data" type="application\/json">([\s\S]*?)<\/script>/);
  const code = html.match(/<script>([\s\S]*?)<\/script>/);
  if (!data || !code) {
    process.stdout.write(JSON.stringify({error: "no pack data or script in the page"}));
    return;
  }
  // The page's globals as a browser has them; no document, so the page does not start its UI.
  const sandbox = {crypto: globalThis.crypto, TextEncoder, TextDecoder, atob, Uint8Array,
    JSON, Error};
  vm.createContext(sandbox);
  vm.runInContext(code[1] + "\nglobalThis.decryptPack = decryptPack;", sandbox);
  try {
    const out = await sandbox.decryptPack(JSON.parse(data[1]), passphrase);
    process.stdout.write(JSON.stringify({data: out}));
  } catch (e) {
    process.stdout.write(JSON.stringify({error: String(e.message || e)}));
  }
});
