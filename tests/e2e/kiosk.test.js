// The kiosk page in headless Chromium (Debian's, driven by playwright-core):
// keypad lookup, the dossier's timeline, scanner input, idle reset, English,
// the procedures browser, and portrait 1080x1920 screenshots.
// Usage: node kiosk.test.js BASE_URL SCREENSHOT_DIR PROFILE_DIR
'use strict';
const assert = require('assert');
const { chromium } = require('playwright-core');

const [base, shots, profile] = process.argv.slice(2);
const TOKEN = 'Tk1aaaaaaaaaaaaaaaaaaa';

async function tap(page, key) {
	await page.click(`#keypad [data-key="${key}"]`);
}

async function main() {
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1080, height: 1920 },
		deviceScaleFactor: 1,
		hasTouch: true,
	});
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	// Every resource loads, except the refused lookup the test makes on purpose.
	page.on('response', (r) => {
		if (r.status() >= 400 && !r.url().includes('/api/lookup')) errors.push(r.status() + ' ' + r.url());
	});

	// Start screen, in Vietnamese, with the office's prefix known.
	await page.goto(base + '/');
	await page.waitForSelector('body[data-ready="1"]');
	assert.strictEqual(await page.getAttribute('html', 'lang'), 'vi');
	assert.match(await page.textContent('#screen-start h1'), /Xin chào/);
	await page.screenshot({ path: shots + '/kiosk-start.png' });

	// Keypad: the office prefix is filled in; type YYMMDD + NNNN, then the check code.
	await page.click('#go-lookup');
	await page.waitForSelector('#screen-entry:not([hidden])');
	await page.waitForFunction(() => document.getElementById('code-prefix').textContent === '000.00.01.H34-');
	for (const k of '2503120001') await tap(page, k);
	assert.strictEqual(await page.textContent('#code-typed'), '250312-0001');
	assert.strictEqual(await page.getAttribute('#field-check', 'aria-pressed'), 'true');
	for (const k of '12345677') await tap(page, k);
	await page.screenshot({ path: shots + '/kiosk-keypad.png' });
	// A wrong check code: the one plain message, the code kept.
	await page.click('#entry-submit');
	await page.waitForSelector('#entry-message:not([hidden])');
	assert.match(await page.textContent('#entry-message'), /Không tìm thấy hồ sơ/);
	assert.strictEqual(await page.textContent('#code-typed'), '250312-0001');
	await tap(page, 'clear');
	for (const k of '12345678') await tap(page, k);
	await page.click('#entry-submit');
	await page.waitForURL(new RegExp('/d/' + TOKEN + '$'));
	await page.waitForSelector('article.dossier ol.steps li');
	assert.strictEqual(await page.locator('article.dossier ol.steps li').count(), 3);
	assert.match(await page.textContent('article.dossier'), /000\.00\.01\.H34-250312-0001/);
	assert.match(await page.textContent('article.dossier'), /Thẩm định, trình ký/);
	await page.screenshot({ path: shots + '/kiosk-dossier.png', fullPage: false });

	// Idle (kioskd --idle 3): back to the start screen by itself.
	await page.waitForURL(base + '/', { timeout: 10000 });
	await page.waitForSelector('#screen-start:not([hidden])');

	// Scanner: the QR URL typed fast and Enter, on the start screen.
	await page.waitForSelector('body[data-ready="1"]');
	await page.keyboard.type('http://kiosk.example/d/Tk/' + TOKEN + '.html', { delay: 4 });
	await page.keyboard.press('Enter');
	await page.waitForURL(new RegExp('/d/' + TOKEN));
	await page.waitForSelector('article.dossier ol.steps');

	// English on the dossier page, then back to the start and English there.
	await page.click('.btn-lang');
	await page.waitForSelector('html[lang="en"] article.dossier');
	await page.screenshot({ path: shots + '/kiosk-dossier-en.png' });
	await page.goto(base + '/');
	await page.waitForSelector('body[data-ready="1"]');
	await page.click('#lang-toggle');
	assert.strictEqual(await page.getAttribute('html', 'lang'), 'en');
	assert.match(await page.textContent('#screen-start h1'), /Welcome/);
	await page.screenshot({ path: shots + '/kiosk-start-en.png' });

	// Typed entry is forgotten on idle, and the language goes back to Vietnamese.
	await page.click('#go-lookup');
	for (const k of '250312') await tap(page, k);
	await page.waitForSelector('#screen-start:not([hidden])', { timeout: 10000 });
	assert.strictEqual(await page.getAttribute('html', 'lang'), 'vi');
	assert.strictEqual(await page.textContent('#code-typed'), '');

	// Procedures browser with the due date if handed in now.
	await page.click('#go-procedures');
	await page.waitForSelector('.proc-list a');
	await page.click('.proc-list a >> text=Đăng ký khai sinh');
	await page.waitForSelector('.estimate .due');
	assert.match(await page.textContent('.estimate'), /ngày hẹn trả kết quả/);
	assert.strictEqual(await page.locator('table.steps tbody tr').count(), 3);
	await page.screenshot({ path: shots + '/kiosk-procedure.png' });

	// The wallboard.
	await page.goto(base + '/board');
	await page.waitForSelector('.ready-codes li');
	await page.screenshot({ path: shots + '/kiosk-board.png' });

	assert.deepStrictEqual(errors, [], 'console errors: ' + errors.join('; '));
	await ctx.close();
	console.log('ok: kiosk page in Chromium');
}

main().catch((e) => { console.error(e); process.exit(1); });
