// Binds card templates with the official npm `adaptivecards-templating`, for the C# differential test.
// Reads a JSON array of {name, template, data} on stdin; writes a JSON array of {name, card} or {name, error} on stdout.
// Usage: node tests/cards-js/expand.js < pairs.json
"use strict";
const { Template } = require("adaptivecards-templating");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ name, template, data }) => {
    try {
      const card = new Template(template).expand({ $root: data });
      return { name, card: card === undefined ? null : card };
    } catch (e) {
      return { name, error: String(e && e.message ? e.message : e) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
