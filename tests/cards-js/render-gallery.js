// Renders every card template in cards/ with its sample data to docs/cards/<feature>-<name>.png: bound by the official
// `adaptivecards-templating`, rendered by the official `adaptivecards` SDK with a Teams-like light host config, in headless
// Chromium. Not part of the test command; run it whenever a template or its sample data changes, and commit the PNGs.
//
//   apt-get install -y chromium          # once (Debian's package; no Playwright download needed)
//   node tests/cards-js/render-gallery.js [chromium-path]
//
// Dependency-free: Chromium runs twice per card, once to measure the rendered card (--dump-dom), once to screenshot it.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");
const { Template } = require("adaptivecards-templating");
const { hostConfig, css, markdown } = require("./teams-light");

const root = path.resolve(__dirname, "..", "..");
const cardsDir = path.join(root, "cards");
const outDir = path.join(root, "docs", "cards");
const sdk = require.resolve("adaptivecards/dist/adaptivecards.min.js");
const chromium = process.argv[2] || "chromium";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cxbot-gallery-"));
const margin = 24;

function templates() {
  return fs.readdirSync(cardsDir, { withFileTypes: true }).filter(d => d.isDirectory()).flatMap(d =>
    fs.readdirSync(path.join(cardsDir, d.name))
      .filter(f => f.endsWith(".json") && !f.endsWith(".data.json"))
      .map(f => ({ feature: d.name, name: path.basename(f, ".json"), file: path.join(cardsDir, d.name, f) })));
}

function page(card, width) {
  // "<" is escaped so that text in the card can never close the script element.
  const json = s => JSON.stringify(s).replace(/</g, "\\u003c");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css(margin, width)}</style>
<script src="file://${sdk}"></script></head><body><div id="frame"></div><script>
const card = new AdaptiveCards.AdaptiveCard();
card.hostConfig = new AdaptiveCards.HostConfig(${json(hostConfig)});
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = (${markdown})(text); result.didProcess = true; };
card.parse(${json(card)});
document.getElementById("frame").appendChild(card.render());
document.body.setAttribute("data-height", String(Math.ceil(document.getElementById("frame").getBoundingClientRect().height)));
</script></body></html>`;
}

function chrome(args) {
  return execFileSync(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--hide-scrollbars", "--allow-file-access-from-files", "--force-device-scale-factor=2",
    `--user-data-dir=${path.join(work, "profile")}`, ...args,
  ], { encoding: "utf8", timeout: 60000, stdio: ["ignore", "pipe", "ignore"] });
}

fs.mkdirSync(outDir, { recursive: true });
for (const t of templates()) {
  const data = JSON.parse(fs.readFileSync(t.file.replace(/\.json$/, ".data.json"), "utf8"));
  const card = new Template(JSON.parse(fs.readFileSync(t.file, "utf8"))).expand({ $root: data });
  const width = card.msteams && card.msteams.width === "Full" ? 640 : 440;
  const html = path.join(work, `${t.feature}-${t.name}.html`);
  fs.writeFileSync(html, page(card, width));
  const height = Number((chrome(["--dump-dom", `file://${html}`]).match(/data-height="(\d+)"/) || [])[1]);
  if (!height) throw new Error(`${t.file}: the card did not render`);
  const png = path.join(outDir, `${t.feature}-${t.name}.png`);
  chrome([`--screenshot=${png}`, `--window-size=${width + 2 * margin},${height + 2 * margin}`, `file://${html}`]);
  console.log(`${path.relative(root, png)} (${width}x${height})`);
}
fs.rmSync(work, { recursive: true, force: true });
