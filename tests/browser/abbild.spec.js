// Login, every page, upload, keyboard navigation; axe-core (WCAG 2.1 A/AA, colour contrast on)
// on each page with zero violations; a screenshot of each page for the CI artefacts.
const { test, expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const path = require('path');
const fs = require('fs');

const PW = 'browser-test-passwort';
const HERNE = '05916000';
const shots = path.resolve(__dirname, '..', '..', 'target', 'test-output', 'screenshots');
fs.mkdirSync(shots, { recursive: true });

// Words a German reader should not meet: internal codes and methods words (issue 14).
const NOT_GERMAN = /\b(applied|hired|offer|analyst|viewer|coordinator|SPEC|LP-Prüfung|Fisher p)\b/;

async function audit(page, name, { reflow = true, words = true } = {}) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  expect(summary, `axe violations on ${name}`).toEqual([]);
  await readable(page, name, reflow, words);
}

// What a reader trips over and axe does not see: raw floats, internal words on German pages,
// pages wider than a phone (WCAG 1.4.10), wide tables whose scrollbar is out of sight.
async function readable(page, name, reflow, words) {
  const text = await page.locator('body').innerText();
  expect(text.match(/\d[.,]\d{5,}/), `raw float on ${name}`).toBeNull();
  if (words && (await page.locator('html').getAttribute('lang')) === 'de') {
    expect(text.match(NOT_GERMAN), `internal or English word on ${name}`).toBeNull();
  }
  const vp = page.viewportSize();
  if (reflow) {
    await page.setViewportSize({ width: 390, height: 844 });
    const over = await page.evaluate(() => {
      const w = window.innerWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > w + 1)
        .slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${e.className}`);
      return { width: document.documentElement.scrollWidth, w, wide };
    });
    await page.screenshot({ path: path.join(shots, `${name}-390.png`), fullPage: true });
    expect(over.width, `page wider than the phone on ${name}: ${over.wide.join(', ')}`).toBeLessThanOrEqual(over.w);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  const hidden = await page.evaluate(() => [...document.querySelectorAll('.table-wrap')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && e.getBoundingClientRect().height > window.innerHeight)
    .length);
  expect(hidden, `wide table with its scrollbar out of sight on ${name}`).toBe(0);
  if (vp) await page.setViewportSize(vp);
}

async function login(page, name) {
  await page.goto('/anmelden');
  await page.getByLabel('Benutzername').fill(name);
  await page.getByLabel('Passwort').fill(PW);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

test('login page is accessible and rejects wrong passwords', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/anmelden$/);
  await audit(page, '01-anmelden');
  await page.getByLabel('Benutzername').fill('herne.lesen');
  await page.getByLabel('Passwort').fill('falsches-passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('Anmeldung fehlgeschlagen');
  await audit(page, '02-anmelden-fehler');
});

test('analyst sees every city page, in German and English', async ({ page }) => {
  await login(page, 'herne.analyse');
  await expect(page).toHaveURL(new RegExp(`/stadt/${HERNE}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Herne: Überblick');
  await expect(page.getByRole('table').first()).toContainText('Intervall');
  await audit(page, '03-stadt-ueberblick');
  for (const [slug, title] of [
    ['felder', 'Herne: Tätigkeitsfeld × Laufbahngruppe'],
    ['alter', 'Herne: nach Altersgruppe'],
    ['status', 'Herne: nach Beschäftigtenstatus'],
    ['fuehrung', 'Herne: Führungskräfte'],
  ]) {
    await page.goto(`/stadt/${HERNE}/ansicht/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('svg[role="img"]')).toHaveCount(1);
    await audit(page, `04-ansicht-${slug}`);
  }
  await page.goto(`/stadt/${HERNE}/daten`);
  await audit(page, '05-daten');
  await page.goto('/ueber');
  await audit(page, '06-ueber');
  await page.getByRole('link', { name: /English/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About the figures');
  await page.goto(`/stadt/${HERNE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Herne: overview');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await audit(page, '07-city-overview-en');
  await page.getByRole('link', { name: /Deutsch/ }).click();
});

test('upload shows row-level errors in the page', async ({ page }) => {
  await login(page, 'herne.analyse');
  await page.goto(`/stadt/${HERNE}/daten`);
  await page.getByLabel('Art der Datei').selectOption('responses');
  await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({
    name: 'kaputt.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('ags,wave,field,level,self_born_abroad\n05916000,2030,kita,mittel,vielleicht\n'),
  });
  await page.getByRole('button', { name: 'Prüfen und importieren' }).click();
  await expect(page.getByRole('alert')).toContainText('kaputt.csv, Zeile 2');
  await audit(page, '08-upload-fehler');
});

test('coordinator compares the region; admin sees accounts and the log', async ({ page }) => {
  await login(page, 'koordination');
  await expect(page).toHaveURL(/\/region$/);
  await expect(page.getByRole('table')).toContainText('Herne');
  await audit(page, '09-region');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await login(page, 'admin');
  await expect(page).toHaveURL(/\/admin$/);
  await audit(page, '10-admin');
});

test('keyboard only: skip link, login and navigation', async ({ page }) => {
  await page.goto('/anmelden');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Zum Inhalt springen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByLabel('Benutzername').focus();
  await page.keyboard.type('herne.lesen');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PW);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/stadt/${HERNE}$`));
  // Tab to the "Felder × Laufbahn" link and follow it with Enter.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
    if (name && name.includes('Felder × Laufbahn')) break;
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/stadt/${HERNE}/ansicht/felder$`));
});

test('analyst opens a wave with letters; an employee answers on a phone', async ({ page, browser }) => {
  await login(page, 'herne.analyse');
  await page.goto(`/stadt/${HERNE}/befragung`);
  await audit(page, '11-befragung-verwaltung');
  await page.getByLabel('Welle (Jahr)').fill('2031');
  await page.getByLabel('Anzahl der Zugangscodes').fill('3');
  await page.getByLabel('Briefe zum Drucken').check();
  await page.getByRole('button', { name: 'Öffnen und Codes erzeugen' }).click();
  await expect(page.locator('.letter .code')).toHaveCount(3);
  const codes = await page.locator('.letter .code').allTextContents();
  expect(codes.length).toBe(3);
  await audit(page, '12-briefe');

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', isMobile: true, hasTouch: true });
  const p = await phone.newPage();
  await p.goto('/befragung');
  await expect(p.getByRole('heading', { level: 1 })).toHaveText('Befragung zur Vielfalt in der Stadtverwaltung');
  await audit(p, '13-fragebogen-telefon');
  await p.getByLabel('Zugangscode (aus Ihrem Brief)').fill(codes[0].toLowerCase());
  await p.getByRole('group', { name: 'Sind Sie außerhalb des heutigen Deutschlands geboren?' }).getByLabel('nein').check();
  await p.getByLabel('In welchem Tätigkeitsfeld arbeiten Sie?').selectOption('kita');
  await p.getByLabel('Türkçe (Türkisch)').check();
  // A rejected entry keeps every answer, marks the field and moves focus to the summary.
  await p.locator('#languages-other').fill('kurdisch');
  await p.getByRole('button', { name: 'Antworten absenden' }).click();
  await expect(p.locator('#survey-error')).toBeFocused();
  await expect(p.locator('#languages-other')).toHaveAttribute('aria-invalid', 'true');
  await expect(p.getByLabel('In welchem Tätigkeitsfeld arbeiten Sie?')).toHaveValue('kita');
  await expect(p.getByLabel('Türkçe (Türkisch)')).toBeChecked();
  await expect(p.getByRole('group', { name: 'Sind Sie außerhalb des heutigen Deutschlands geboren?' }).getByLabel('nein')).toBeChecked();
  await audit(p, '13b-fragebogen-fehler');
  await expect(p.getByRole('link', { name: /kein zweistelliges Sprachkürzel/ })).toHaveAttribute('href', '#languages-other');
  await p.locator('#languages-other').fill('ku');
  await p.getByRole('button', { name: 'Antworten absenden' }).click();
  await expect(p.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank!');
  await audit(p, '14-danke');
  // The same code again: refused with a clear page.
  await p.goto('/befragung');
  await p.getByLabel('Zugangscode (aus Ihrem Brief)').fill(codes[0]);
  await p.getByRole('button', { name: 'Antworten absenden' }).click();
  await expect(p.getByRole('alert')).toContainText('bereits verwendet');
  await audit(p, '15-code-verwendet');
  await phone.close();
});

test('pipeline, retention and the scenario page: sliders update the result', async ({ page }) => {
  await login(page, 'herne.analyse');
  await page.goto(`/stadt/${HERNE}/ausbildung`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ausbildung: Bewerbungsverfahren in Herne');
  await audit(page, '10-ausbildung');
  await page.getByLabel('Zusammenfassen').selectOption('occupations');
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /alle Berufe/ })).toBeVisible();
  await audit(page, '11-ausbildung-alle-berufe');
  await page.goto(`/stadt/${HERNE}/verbleib`);
  await expect(page.getByRole('table').first()).toContainText('alle Gründe');
  await audit(page, '12-verbleib');
  await page.goto(`/stadt/${HERNE}/prognose`);
  await expect(page.locator('#result svg[role="img"]')).toHaveCount(1);
  await audit(page, '13-prognose');
  // Moving a slider recomputes in place (htmx), without a page load.
  const hire = page.getByLabel(/Anteil mit Einwanderungsgeschichte bei Einstellungen/);
  await hire.fill('90');
  await expect(page.locator('#o-hire')).toHaveText('90 %');
  await expect(page.locator('#result')).toContainText('Parität erreicht');
  // What is saved and downloaded is what the sliders show (before: the page-load values),
  // and the slider says its value with its unit.
  await expect(hire).toHaveAttribute('aria-valuetext', '90 %');
  await expect(page.locator('#plan-save input[name="hire"]')).toHaveValue('90');
  await expect(page.getByRole('link', { name: /CSV/ })).toHaveAttribute('href', /[?&]hire=90(&|$)/);
  await page.getByLabel('Aktuelle Einstellungen speichern als').fill('Einstellungsoffensive');
  await page.getByRole('button', { name: 'Szenario speichern' }).click();
  await expect(page.getByRole('rowheader', { name: 'Einstellungsoffensive' })).toBeVisible();
  await page.getByRole('link', { name: 'vergleichen' }).first().click();
  await expect(page.locator('#result svg')).toContainText('Einstellungsoffensive');
  await audit(page, '14-prognose-vergleich');
});

test('coordinator presses one button and gets the regional report; the HTML report is accessible', async ({ page }) => {
  // Two reports on the full W1 demo data (debug build) and axe over ~1 MB of HTML.
  test.setTimeout(150_000);
  await login(page, 'koordination');
  await page.getByRole('link', { name: 'Regionalbericht' }).click();
  await expect(page).toHaveURL(/\/region\/bericht$/);
  await expect(page.getByLabel('Berichtsjahr')).toHaveValue('2024');
  await audit(page, '20-report-page');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Bericht als PDF erstellen' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('abbild_bericht_region_2024_de.pdf');
  const file = path.join(shots, '..', 'report', 'browser-region.pdf');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  // The HTML edition, opened as a page of its own: axe with the same WCAG tags.
  const res = await page.request.get('/region/bericht/datei?jahr=2024&sprache=de&format=html');
  expect(res.status()).toBe(200);
  await page.setContent(await res.text());
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Regionalbericht 2024');
  await expect(page.locator('table#T01')).toContainText('Herne');
  // The report's methods chapter names its methods (linear programme, Fisher's test).
  await audit(page, '21-report-html', { reflow: false, words: false });
});
