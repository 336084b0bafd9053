// Validates filled Teams app manifests against the official JSON schema, offline: the schema named by each
// manifest's "$schema" is loaded from the copy npm @microsoft/app-manifest bundles (never downloaded), then checked with
// that package's AppManifestUtils.validateAgainstSchema.
// Reads a JSON array of {name, manifest} on stdin; writes a JSON array of {name, errors} on stdout, where each error is
// {path, message} (path is a JSON pointer such as /bots/0/botId; "" is the manifest itself).
// Usage: node manifest/validate.js < manifests.json   (the bot's `manifest package` command and the tests run it)
"use strict";
const fs = require("fs");
const path = require("path");
const { AppManifestUtils } = require("@microsoft/app-manifest");

const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/i;
const SCHEMAS = path.join(path.dirname(require.resolve("@microsoft/app-manifest")), "json-schemas", "teams");

function bundledSchema(url) {
  const match = typeof url === "string" && SCHEMA_URL.exec(url);
  if (!match) return { error: `"$schema" must be a Teams manifest schema URL (https://developer.microsoft.com/json-schemas/teams/vX.Y/MicrosoftTeams.schema.json), not ${JSON.stringify(url)}` };
  const file = path.join(SCHEMAS, match[1], "MicrosoftTeams.schema.json");
  if (!fs.existsSync(file)) return { error: `schema ${match[1]} is not bundled with @microsoft/app-manifest (offline validation needs one that is)` };
  // The package cleans the same escapes when it loads a schema itself.
  return { schema: JSON.parse(fs.readFileSync(file, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b")) };
}

// validateAgainstSchema answers "<instancePath> <message>. Details: <params>" per violation.
function toError(text) {
  const space = text.indexOf(" ");
  const pointer = space > 0 && text.startsWith("/") ? text.slice(0, space) : "";
  return { path: pointer, message: (pointer ? text.slice(space + 1) : text).trim() };
}

async function validate(manifest) {
  const { schema, error } = bundledSchema(manifest && manifest.$schema);
  if (error) return [{ path: "/$schema", message: error }];
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  return errors.map(toError);
}

async function main() {
  const items = JSON.parse(fs.readFileSync(0, "utf8"));
  const results = [];
  for (const { name, manifest } of items) results.push({ name, errors: await validate(manifest) });
  process.stdout.write(JSON.stringify(results));
}

main().catch(e => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
