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
  await page.getByRole('treeitem', { name: 'undeclared.flow' }).first().click({ timeout: 30_000 });
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  await page.locator('[id="status.editor.mode"]', { hasText: 'Rhythm' }).waitFor({ timeout: 30_000 });
});

await step('TextMate colours: keywords and identifiers differ', async () => {
  // Tokenisation is asynchronous: wait until `const` and `order` are separate, differently
  // coloured tokens.
  const differ = () =>
    page.$$eval('.monaco-editor .view-line span span', (spans) => {
      const cls = Object.fromEntries(spans.map((s) => [s.textContent.trim(), s.className]));
      return cls.const && cls.order && cls.const !== cls.order ? '' : JSON.stringify(cls);
    });
  let last = '';
  for (let i = 0; i < 100; i++) {
    last = await differ();
    if (last === '') return;
    await page.waitForTimeout(300);
  }
  throw new Error(`token classes ${last}`);
});

await step('the server reports the undeclared variable', async () => {
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
  await page.keyboard.press('Control+Shift+M');
  await page.getByText(/missing/).first().waitFor({ timeout: 30_000 });
});

await step('completion after Math.fl offers floor', async () => {
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('const m = Math.fl');
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

await step('Run Workflow asks for inputs and opens a terminal running rhythm run', async () => {
  await palette('Rhythm: Run Workflow');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Inputs of the workflow' }).waitFor({ timeout: 10_000 });
  await page.keyboard.type('[1]');
  await page.locator('.quick-input-widget', { hasText: 'must be a JSON object' }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{"n": 1}');
  await page.keyboard.press('Enter');
  // The task's terminal (its text is drawn on a canvas, so only its title is checked here).
  await page.getByText('rhythm run undeclared.flow - Task').first().waitFor({ timeout: 20_000 });
});

await step('the server\'s Run code lens invokes Run Workflow', async () => {
  await page.locator('.codelens-decoration a', { hasText: 'Run undeclared' }).first().click({ timeout: 20_000 });
  await page.locator('.quick-input-widget', { hasText: 'Inputs of the workflow' }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
});

await browser.close();
console.log('PASS');
