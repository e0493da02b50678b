// Drives code-server in headless Chromium to check the extension end to end. Run by
// code-server.sh (RHYTHM_E2E_URL: the workbench URL with ?folder=; NODE_PATH: where
// playwright-core is installed). Prints one line per check; exits 1 on the first failure.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.env.NODE_PATH ?? '.', 'x.js'));
const { chromium } = require('playwright-core');

const url = process.env.RHYTHM_E2E_URL;
const shots = process.env.RHYTHM_E2E_SHOTS ?? '/tmp/rhythm-e2e-shots';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (err) {
    mkdirSync(shots, { recursive: true });
    const file = join(shots, `${name.replace(/\W+/g, '_')}.png`);
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`FAIL ${name}: ${err.message} (screenshot ${file})`);
    await browser.close();
    process.exit(1);
  }
}

async function palette(text) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(text);
}

await step('workbench loads', async () => {
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
});

await step('undeclared.flow opens in language mode Rhythm', async () => {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type('undeclared.flow');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  await page.getByRole('button', { name: /Rhythm/ }).first().waitFor({ timeout: 30_000 });
});

await step('TextMate colours: keywords and identifiers differ', async () => {
  const classes = await page.$$eval('.monaco-editor .view-line span span', (spans) =>
    Object.fromEntries(spans.map((s) => [s.textContent, s.className])),
  );
  if (!classes.const || !classes.order || classes.const === classes.order) {
    throw new Error(`token classes ${JSON.stringify(classes)}`);
  }
});

await step('the server reports the undeclared variable', async () => {
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
  await page.keyboard.press('Control+Shift+M');
  await page.getByText(/missing/).first().waitFor({ timeout: 30_000 });
});

await step('completion after Math. offers floor', async () => {
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('const m = Math.');
  await page.keyboard.press('Control+Space');
  await page.waitForSelector('.suggest-widget .monaco-list-row', { timeout: 30_000 });
  await page.locator('.suggest-widget .monaco-list-row', { hasText: 'floor' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
});

await step('Rhythm commands are in the command palette', async () => {
  await palette('Rhythm: ');
  for (const title of ['Rhythm: Restart Language Server', 'Rhythm: Show Output', 'Rhythm: Run Workflow']) {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  }
  await page.keyboard.press('Escape');
});

await step('Restart Language Server brings the diagnostics back', async () => {
  await palette('Rhythm: Restart Language Server');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
});

await browser.close();
console.log('PASS');
