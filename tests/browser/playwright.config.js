// Browser tests against the real server: `abbild demo` on a scratch directory, driven in
// Debian's chromium (installed by .ci/run), with axe-core on every page.
const { defineConfig } = require('@playwright/test');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const bin = process.env.ABBILD_BIN || path.join(root, 'target', 'debug', 'abbild');
const port = process.env.ABBILD_BROWSER_PORT || '18181';

module.exports = defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.js/,
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  // Screenshots and traces are kept here (CI artefacts).
  outputDir: path.join(root, 'target', 'test-output', 'browser'),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'de-DE',
    launchOptions: { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
  webServer: {
    command: `"${bin}" demo --data-dir "${path.join(root, 'target', 'browser-demo')}" --listen 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { ABBILD_DEMO_PASSWORD: 'browser-test-passwort' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
