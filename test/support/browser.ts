import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (npm test installs it where it may); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave their screenshots: one folder per run, kept out of git. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', '..', '.local', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Containers (CI) run as root, where Chromium's own sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Saves the page as `<area>/<name>.png` under SCREENSHOT_DIR and returns the file's path. */
export async function saveScreenshot(page: Page, area: string, name: string): Promise<string> {
  const folder = join(SCREENSHOT_DIR, area);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
