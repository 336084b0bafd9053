// Checks bound cards with the official npm `adaptivecards` SDK at schema 1.5, for the C# validation test.
// Reads a JSON array of {name, card} on stdin; writes a JSON array of {name, events, activityBytes} on stdout, where
// events are the SDK's parse and validation messages (errors and warnings alike) and activityBytes is the UTF-8 size
// of the card wrapped as a Bot Framework message activity.
// Usage: node tests/cards-js/validate.js < cards.json
"use strict";
const AC = require("adaptivecards/dist/adaptivecards.js");

function check(card) {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    // Teams renders Chart.* elements; the JS SDK does not and says so even when a fallback is given.
    // The C# convention test requires that fallback, so this one message is expected and not a finding.
    if (e.event === AC.ValidationEvent.UnknownElementType && /^Unknown element type "Chart\.[A-Za-z.]+"/.test(e.message)) {
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
