// A Teams-like light theme for the gallery: the Adaptive Cards host config, the page CSS and a small markdown renderer
// (bold, italic, links, lists and <at> mentions, as Teams shows them). Used by render-gallery.js.
"use strict";
const font = "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif";
const mono = "Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace";
const sizes = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const weights = { lighter: 300, default: 400, bolder: 600 };
const color = (d, s) => ({ default: d, subtle: s || d });
const foreground = {
  default: color("#242424", "#616161"), dark: color("#242424", "#616161"), light: color("#FFFFFF", "#F5F5F5"),
  accent: color("#5B5FC7", "#4F52B2"), good: color("#0E700E"), warning: color("#835C00"), attention: color("#C4314B"),
};

const hostConfig = {
  fontFamily: font,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E0E0E0" },
  fontTypes: {
    default: { fontFamily: font, fontSizes: sizes, fontWeights: weights },
    monospace: { fontFamily: mono, fontSizes: sizes, fontWeights: weights },
  },
  containerStyles: {
    default: { backgroundColor: "#FFFFFF", foregroundColors: foreground },
    emphasis: { backgroundColor: "#F5F5F5", foregroundColors: foreground },
    accent: { backgroundColor: "#E8EBFA", foregroundColors: foreground },
  },
  textStyles: { heading: { size: "large", weight: "bolder", color: "default", fontType: "default", isSubtle: false } },
  factSet: {
    title: { color: "default", size: "default", isSubtle: false, weight: "bolder", wrap: true, maxWidth: 130 },
    value: { color: "default", size: "default", isSubtle: false, weight: "default", wrap: true },
    spacing: 12,
  },
  actions: { maxActions: 5, spacing: "medium", buttonSpacing: 8, actionsOrientation: "horizontal", actionAlignment: "left", showCard: { actionMode: "inline", inlineTopMargin: 16 } },
};

const css = (margin, width) => `
  html, body { margin: 0; background: #F5F5F5; font-family: ${font}; }
  #frame { margin: ${margin}px; width: ${width}px; border: 1px solid #E0E0E0; border-radius: 6px; overflow: hidden; background: #FFF; }
  .ac-pushButton { font: 600 14px ${font}; color: #242424; background: #FFF; border: 1px solid #D1D1D1; border-radius: 4px;
    padding: 5px 12px; min-height: 32px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .ac-pushButton.style-positive { background: #5B5FC7; color: #FFF; border-color: #5B5FC7; }
  .mention { color: #5B5FC7; font-weight: 600; }
  a { color: #5B5FC7; }
  p { margin: 0; } ul { margin: 0; padding-left: 20px; }`;

// Runs inside the page (passed as source), so it must stay self-contained.
function markdown(text) {
  const escape = s => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const inline = s => escape(s)
    .replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">$1</span>')
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, "$1<em>$2</em>")
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
  const lines = text.split(/\r?\n/);
  const items = lines.filter(l => /^\s*[-*] /.test(l));
  if (items.length > 0 && items.length === lines.filter(l => l.trim()).length) {
    return "<ul>" + items.map(l => "<li>" + inline(l.replace(/^\s*[-*] /, "")) + "</li>").join("") + "</ul>";
  }
  return "<p>" + lines.map(inline).join("<br>") + "</p>";
}

module.exports = { hostConfig, css, markdown };
