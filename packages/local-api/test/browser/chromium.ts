import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (package `chromium`); playwright-core never downloads a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Without the background-networking flags, Chromium keeps dialling out on a closed network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  context: BrowserContext;
  /** Stops the browser (its own process only) and removes its profile. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh profile, or fails saying how to install it. `args` adds
 * flags (e.g. `--host-resolver-rules` to point a name at 127.0.0.1).
 */
export async function launchChromium({
  args = [],
}: {
  args?: readonly string[];
} = {}): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. Install it with: sudo apt-get install -y chromium`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'docs-browser-'));
  try {
    // A persistent context is how Playwright takes an explicit `--user-data-dir`.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...FLAGS, ...args],
      viewport: { width: 1280, height: 1000 },
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
