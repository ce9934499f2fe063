// The satisfaction rating in headless Chromium (Debian's, driven by
// playwright-core).
//   node rating.test.js kiosk BASE_URL SCREENSHOT_DIR PROFILE_DIR
//     the hall kiosk: a returned dossier opened by its QR code offers the
//     rating under its timeline (big targets, both languages); a low
//     answer asks why; "thank you" once stored; a second rating of the
//     same dossier says it replaces the first; a dossier in progress
//     offers none.
//   node rating.test.js counter BASE_URL SCREENSHOT_DIR PROFILE_DIR
//     kioskd --mode rating on a counter tablet: the code and check code
//     typed (or the QR code scanned), then the rating on a screen of its
//     own, then back to the start.
// axe-core finds no violation on any of these screens.
'use strict';
const assert = require('assert');
const fs = require('fs');
const { chromium } = require('playwright-core');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const violations = [];

// axe-core over the screen as it is now (WCAG 2.1 A/AA, its default rules).
async function audit(page, where) {
	await page.evaluate(axeSource);
	const found = await page.evaluate(async () => {
		const res = await window.axe.run(document, { resultTypes: ['violations'] });
		return res.violations.map((v) => v.id + ' (' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ') + ')');
	});
	for (const v of found) violations.push(where + ': ' + v);
}

const [mode, base, shots, profile] = process.argv.slice(2);
const TOKEN1 = 'Tk1aaaaaaaaaaaaaaaaaaa'; // in progress
const TOKEN2 = 'Tk2bbbbbbbbbbbbbbbbbbb'; // ready, the default template
const TOKEN3 = 'Tk3-_ccccccccccccccccc'; // returned, its agency's own template

// A handheld scanner types the QR code's URL in a burst and presses Enter.
// The keys are sent from the page itself, one right after the other, so
// that a loaded test machine cannot space them out like a person's.
async function scan(page, token) {
	const text = 'http://kiosk.example/d/' + token.slice(0, 2) + '/' + token + '.html';
	await page.evaluate((t) => {
		for (const key of t.split('').concat(['Enter']))
			document.dispatchEvent(new KeyboardEvent('keydown', { key: key, bubbles: true, cancelable: true }));
	}, text);
}

// Each answer button is a big touch target.
async function bigTargets(page, selector) {
	const boxes = await page.$$eval(selector, (bs) => bs.map((b) => b.getBoundingClientRect().height));
	assert.ok(boxes.length > 0, 'no ' + selector);
	for (const h of boxes) assert.ok(h >= 88, selector + ' is ' + h + ' px high');
}

async function kiosk(page) {
	// A dossier in progress: no rating.
	await page.goto(base + '/d/' + TOKEN1);
	await page.waitForSelector('body[data-ready="1"] article.dossier');
	await page.waitForLoadState('networkidle');
	assert.strictEqual(await page.locator('#rating:not([hidden])').count(), 0, 'rating offered for a dossier in progress');

	// The returned dossier, by its QR code from the start screen.
	await page.goto(base + '/');
	await page.waitForSelector('body[data-ready="1"]');
	await scan(page, TOKEN3);
	await page.waitForFunction((t) => location.pathname === '/d/' + t, TOKEN3);
	await page.waitForSelector('#rating:not([hidden]) .rate-choice');
	// The template's text arrives as text: its markup is not markup.
	assert.strictEqual(await page.textContent('#rating h2'), 'Ông/Bà có hài lòng <b>"&</b>?');
	assert.strictEqual(await page.locator('#rating b').count(), 0);
	assert.deepStrictEqual(await page.$$eval('#rating .rate-choice', (bs) => bs.map((b) => b.textContent)), ['Có', 'Không']);
	await bigTargets(page, '#rating .rate-choice');
	await page.locator('#rating').scrollIntoViewIfNeeded();
	await page.screenshot({ path: shots + '/rating-kiosk.png' });
	await audit(page, 'kiosk rating');
	// Not satisfied: why (optional), then thank you.
	await page.click('#rating .rate-choice >> text=Không');
	await page.waitForSelector('#rating[data-state="reasons"] .rate-reason');
	await bigTargets(page, '#rating .rate-reason');
	await page.screenshot({ path: shots + '/rating-kiosk-reasons.png' });
	await audit(page, 'kiosk reasons');
	await page.click('#rating .rate-reason >> text=Chờ lâu');
	await page.waitForSelector('#rating[data-state="thanks"]');
	assert.match(await page.textContent('#rating'), /Cảm ơn Quý vị đã đánh giá/);
	await audit(page, 'kiosk thanks');

	// Again, in English: the earlier answer is named, the new one replaces it.
	await page.goto(base + '/d/' + TOKEN3 + '?lang=en');
	await page.waitForSelector('html[lang="en"] #rating:not([hidden]) .rate-choice');
	assert.match(await page.textContent('#rating .rating-current'), /You rated this dossier: No\. A new rating replaces it\./);
	assert.deepStrictEqual(await page.$$eval('#rating .rate-choice', (bs) => bs.map((b) => b.textContent)), ['Yes', 'No']);
	await page.screenshot({ path: shots + '/rating-kiosk-again-en.png' });
	await audit(page, 'kiosk rating again, English');
	await page.click('#rating .rate-choice >> text=Yes');
	await page.waitForSelector('#rating[data-state="thanks"]');
	assert.match(await page.textContent('#rating'), /Thank you/);
	await page.goto(base + '/d/' + TOKEN3);
	await page.waitForSelector('#rating .rating-current');
	assert.match(await page.textContent('#rating .rating-current'), /Quý vị đã đánh giá hồ sơ này: Có\./);
}

async function counter(page) {
	await page.goto(base + '/');
	await page.waitForSelector('body.mode-rating[data-ready="1"]');
	assert.match(await page.textContent('#screen-start h1'), /đánh giá mức độ hài lòng/);
	assert.ok(await page.isHidden('#go-procedures'), 'the procedures tile on a rating tablet');
	await page.screenshot({ path: shots + '/rating-counter-start.png' });
	await audit(page, 'counter start');
	// Code (the office prefix filled in) and check code, then the rating.
	await page.click('#go-lookup');
	await page.waitForFunction(() => document.getElementById('code-prefix').textContent === '000.00.02.H34-');
	for (const k of '2503110003') await page.click(`#keypad [data-key="${k}"]`);
	for (const k of '98765432') await page.click(`#keypad [data-key="${k}"]`);
	await page.click('#entry-submit');
	await page.waitForSelector('#screen-rate:not([hidden]) .rate-choice');
	assert.match(await page.textContent('#screen-rate .rating-dossier'), /000\.00\.02\.H34-250311-0003/);
	await bigTargets(page, '#screen-rate .rate-choice');
	await page.screenshot({ path: shots + '/rating-counter.png' });
	await audit(page, 'counter rating');
	await page.click('#screen-rate .rate-choice >> text=Không');
	await page.waitForSelector('#screen-rate[data-state="reasons"]');
	await page.click('#screen-rate .rate-skip');
	await page.waitForSelector('#screen-rate[data-state="thanks"]');
	await page.screenshot({ path: shots + '/rating-counter-thanks.png' });
	await audit(page, 'counter thanks');
	// Back to the start by itself, nothing of this citizen left.
	await page.waitForSelector('#screen-start:not([hidden])', { timeout: 15000 });
	assert.strictEqual(await page.textContent('#screen-rate'), '');
	assert.strictEqual(await page.textContent('#code-typed'), '');

	// The QR code of a dossier whose result is ready: the default template.
	await scan(page, TOKEN2);
	await page.waitForSelector('#screen-rate:not([hidden]) .rate-choice');
	assert.deepStrictEqual(await page.$$eval('#screen-rate .rate-choice', (bs) => bs.map((b) => b.textContent)),
		['Rất hài lòng', 'Hài lòng', 'Không hài lòng']);
	await page.click('#screen-rate .rate-choice >> text=Rất hài lòng');
	await page.waitForSelector('#screen-rate[data-state="thanks"]');
	await page.waitForSelector('#screen-start:not([hidden])', { timeout: 15000 });
	// A dossier in progress cannot be rated yet.
	await scan(page, TOKEN1);
	await page.waitForSelector('#screen-rate:not([hidden]) .message');
	assert.match(await page.textContent('#screen-rate'), /chưa có kết quả/);
	assert.strictEqual(await page.locator('#screen-rate .rate-choice').count(), 0);
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
		// kioskd forbids inline script; the test's own axe-core is let in.
		bypassCSP: true,
	});
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('response', (r) => { if (r.status() >= 400) errors.push(r.status() + ' ' + r.url()); });
	if (mode === 'kiosk') await kiosk(page);
	else await counter(page);
	assert.deepStrictEqual(errors, [], 'errors: ' + errors.join('; '));
	assert.deepStrictEqual(violations, [], 'axe: ' + violations.join('; '));
	await ctx.close();
	console.log('ok: rating in Chromium (' + mode + ')');
}

main().catch((e) => { console.error(e); process.exit(1); });
