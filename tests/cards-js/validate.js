// Checks bound cards with the official npm `adaptivecards` SDK at schema 1.5, for the C# validation test.
// Reads a JSON array of {name, card} on stdin; writes a JSON array of {name, events, activityBytes} on stdout, where
// events are the SDK's parse and validation messages (errors and warnings alike) and activityBytes is the UTF-8 size
// of the card wrapped as a Bot Framework message activity.
// Usage: node tests/cards-js/validate.js < cards.json
"use strict";
const AC = require("adaptivecards/dist/adaptivecards.js");

// Teams-only chart elements must carry a fallback that plain renderers (like this SDK) show instead.
function chartsWithoutFallback(node, found = []) {
  if (Array.isArray(node)) node.forEach(n => chartsWithoutFallback(n, found));
  else if (node && typeof node === "object") {
    if (typeof node.type === "string" && node.type.startsWith("Chart.") && !node.fallback) found.push(`chart: ${node.type} has no fallback`);
    Object.values(node).forEach(v => chartsWithoutFallback(v, found));
  }
  return found;
}

// Teams' people picker: an Input.ChoiceSet whose "choices.data" is a Data.Query over Graph's users (platform.md §5). Teams
// reads it in cards of any version (its own example is a 1.2 card); the SDK files it under 1.6. It must query one of these
// datasets and keep static choices, which clients without the picker (Teams mobile) show instead.
const peopleDatasets = ["graph.microsoft.com/users", "graph.microsoft.com/users?scope=currentContext"];

function peoplePickerFindings(node, found = []) {
  if (Array.isArray(node)) node.forEach(n => peoplePickerFindings(n, found));
  else if (node && typeof node === "object") {
    const query = node["choices.data"];
    if (query !== undefined) {
      if (node.type !== "Input.ChoiceSet" || !query || query.type !== "Data.Query" || !peopleDatasets.includes(query.dataset)) {
        found.push(`choices.data: ${node.id || node.type} needs a Data.Query of ${peopleDatasets.join(" or ")}`);
      } else if (!Array.isArray(node.choices) || node.choices.length === 0) {
        found.push(`people picker: ${node.id} needs static choices for clients without the picker`);
      }
    }
    Object.values(node).forEach(v => peoplePickerFindings(v, found));
  }
  return found;
}

function check(card) {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events = [...chartsWithoutFallback(card), ...peoplePickerFindings(card)];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    // Teams renders Chart.* elements; the JS SDK does not and says so even when a fallback is given.
    // chartsWithoutFallback requires that fallback, so this one message is expected and not a finding.
    if (e.event === AC.ValidationEvent.UnknownElementType && /^Unknown element type "Chart\.[A-Za-z.]+"/.test(e.message)) {
      continue;
    }
    // The SDK dates "choices.data" to schema 1.6, yet Teams renders the people picker in 1.5 cards on desktop and web;
    // peoplePickerFindings checks its shape and the static choices mobile shows, so this one message is no finding.
    if (e.event === AC.ValidationEvent.UnsupportedProperty && /^Property "choices\.data" is supported in version 1\.6/.test(e.message)) {
      continue;
    }
    events.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    events.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return events;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ name, card }) => {
    const activity = {
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
    };
    let events;
    try {
      events = check(card);
    } catch (e) {
      events = [`exception: ${e && e.message ? e.message : e}`];
    }
    return { name, events, activityBytes: Buffer.byteLength(JSON.stringify(activity), "utf8") };
  });
  process.stdout.write(JSON.stringify(results));
});
