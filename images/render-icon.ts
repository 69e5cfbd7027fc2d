/**
 * Renders images/icon.svg to the 128×128 images/icon.png the marketplace
 * needs, with headless Chromium (no image library dependency).
 * Run: node --import tsx images/render-icon.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

async function render(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    const svg = readFileSync(join(__dirname, 'icon.svg'), 'utf8');
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: join(__dirname, 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void render();
