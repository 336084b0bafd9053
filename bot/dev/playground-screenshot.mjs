// Takes docs/playground.png: with `npm start` running, drives the Agents Playground UI in headless Chromium
// (Debian's chromium) over the DevTools protocol, types "help" like a person and saves a screenshot.
// Run: node --experimental-websocket bot/dev/playground-screenshot.mjs docs/playground.png
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
const PG = 'http://127.0.0.1:56150', OUT = process.argv[2];
const sleep = ms => new Promise(r => setTimeout(r, ms));
const chrome = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--remote-debugging-port=9333',
  '--user-data-dir=' + mkdtempSync('/tmp/chr-'), '--window-size=1100,1100', 'about:blank'], { stdio: 'ignore' });
try {
  let targets;
  for (let i = 0; i < 50; i++) { try { targets = await (await fetch('http://127.0.0.1:9333/json/list')).json(); break; } catch { await sleep(200); } }
  const page = targets.find(t => t.type === 'page');
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise(r => ws.addEventListener('open', r));
  let id = 0; const pending = new Map();
  ws.addEventListener('message', e => { const m = JSON.parse(e.data); if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); } });
  const send = (method, params = {}) => new Promise(r => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
  await send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 1000, deviceScaleFactor: 1, mobile: false });
  await send('Page.enable');
  await send('Page.navigate', { url: PG });
  await sleep(6000);
  // Type "help" into the chat box like a person and press Enter.
  await send('Runtime.evaluate', { expression: "(document.querySelector('textarea') || document.querySelector('[contenteditable=true]')).focus()" });
  await send('Input.insertText', { text: 'help' });
  await sleep(300);
  for (const type of ['keyDown', 'keyUp']) await send('Input.dispatchKeyEvent', { type, key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: type === 'keyDown' ? '\r' : undefined });
  await sleep(4000);
  const shot = await send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(OUT, Buffer.from(shot.result.data, 'base64'));
  ws.close();
} finally { chrome.kill(); }
