// Opens a customer survey link in headless Chromium at phone width (390 px), answers it, and checks both pages with axe-core.
// Run by SurveyBrowserTests (stdin: {"url": "...", "shots": "<dir or null>"}; stdout: JSON of what it saw).
//  1. As a customer's phone does, with the page's Content-Security-Policy enforced: the inline style must apply (its hash
//     is allowed), nothing may be blocked; answer with a comment; screenshots of the form and the thank-you page.
//  2. With the policy bypassed so that axe-core can be injected: axe on the form (with the contact field shown) and on the
//     thank-you page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };
const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const out = {};
try {
  // 1. Enforced policy.
  const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  const blocked = [];
  page.on('console', m => { if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text()); });
  const response = await page.goto(input.url);
  out.formStatus = response.status();
  out.formTitle = await page.title();
  out.lang = await page.getAttribute('html', 'lang');
  out.questions = await page.locator('legend').allInnerTexts();
  out.buttonBackground = await page.locator('button[type=submit]').evaluate(b => getComputedStyle(b).backgroundColor);
  out.radioLabelHeight = await page.locator('.scale label').first().evaluate(l => l.getBoundingClientRect().height);
  out.pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  for (const legend of out.questions) {
    await page.locator('fieldset', { hasText: legend }).locator('label', { hasText: '4' }).click();
  }
  await page.locator('#comment').fill('The staff at the till were kind, but the queue was long.');
  await page.locator('#comment').blur();
  if (input.shots) await page.screenshot({ path: path.join(input.shots, 'survey-page.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.locator('button[type=submit]').click()]);
  out.thanksHeading = await page.locator('h1').innerText();
  out.thanksText = await page.locator('main').innerText();
  if (input.shots) await page.screenshot({ path: path.join(input.shots, 'survey-thanks.png'), fullPage: true });
  out.blocked = blocked;
  await phone.close();

  // 2. axe-core, with the policy bypassed so it can be injected.
  const checked = await browser.newContext({ viewport: PHONE, bypassCSP: true });
  const axePage = await checked.newPage();
  const axe = async () => {
    await axePage.addScriptTag({ path: AXE });
    const result = await axePage.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }));
  };
  await axePage.goto(input.url);
  out.formViolations = await axe();
  await axePage.locator('label[for=consent]').click();
  out.contactVisible = await axePage.locator('#contact').isVisible();
  out.formWithContactViolations = await axe();
  for (const legend of await axePage.locator('legend').allInnerTexts()) {
    await axePage.locator('fieldset', { hasText: legend }).locator('label', { hasText: '2' }).click();
  }
  await axePage.locator('#contact').fill('sam@example.com');
  await Promise.all([axePage.waitForNavigation(), axePage.locator('button[type=submit]').click()]);
  out.secondThanksHeading = await axePage.locator('h1').innerText();
  out.thanksViolations = await axe();
  await checked.close();
} finally {
  await browser.close();
}

process.stdout.write(JSON.stringify(out));
