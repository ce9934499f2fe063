// A dossier waiting for the citizen, in headless Chromium: at the kiosk
// (1080x1920, kioskd) and on a phone (360x780, the site's static page),
// and the receipt's code line; axe-core finds no violation on either page.
// Screenshots into SCREENSHOT_DIR.
// Usage: node citizen.test.js KIOSK_URL TOKEN SITE_PAGE_URL RECEIPT_URL SCREENSHOT_DIR PROFILE_DIR
'use strict';
const assert = require('assert');
const fs = require('fs');
const { chromium } = require('playwright-core');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's default rules (WCAG 2.1 A/AA and best practices) on PAGE: none violated.
async function noViolations(page, where) {
	await page.evaluate(axeSource);
	const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
		.violations.map((x) => x.id + ': ' + x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')));
	assert.deepStrictEqual(v, [], where + ': axe violations');
}

const [base, token, sitePage, receipt, shots, profile] = process.argv.slice(2);

// What every rendering of the waiting dossier must say, in Vietnamese.
async function checkWaiting(page, where) {
	const art = page.locator('article.dossier').first();
	const text = await art.innerText();
	assert.match(text, /Việc cần làm: bổ sung hồ sơ/, where + ': what to do');
	assert.ok(text.includes('Bản sao Giấy khai sinh <b>&"\' (có chứng thực)'), where + ': the request, as text');
	assert.match(text, /Hạn nộp bổ sung\s*28\/11\/2025 17:00/, where + ': the deadline');
	assert.ok(text.includes('Số 77 Lê Hồng Phong <i>&</i>'), where + ': where to bring it');
	assert.ok(text.includes('Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00'), where + ': opening hours');
	assert.ok(text.includes('0260 3 862 888'), where + ': the phone');
	assert.doesNotMatch(text, /\d+[,.]\d+ giờ/, where + ': decimal hours');
	// Where it stands, said plainly: no "at step N" beside a step not started.
	assert.doesNotMatch(text, /Đang ở bước/, where + ': the old step wording');
	assert.match(await art.locator('p.status .at').innerText(), /^Bước \d+\/\d+ đang dừng tính thời gian$/,
		where + ': the step summary');
	// The status in words comes before the procedure's name.
	const st = await art.locator('p.status').boundingBox();
	const h1 = await art.locator('h1').boundingBox();
	const todo = await art.locator('section.todo').boundingBox();
	assert.ok(st.y < h1.y, where + ': status above the procedure name');
	assert.ok(h1.y < todo.y, where + ': what to do right after the name');
	assert.strictEqual(await art.locator('p.status .badge').innerText(), 'Chờ bổ sung', where + ': status');
	return { st, todo };
}

async function main() {
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--allow-file-access-from-files'],
		viewport: { width: 1080, height: 1920 },
		deviceScaleFactor: 1,
		hasTouch: true,
		// kioskd forbids inline script; the test's own axe-core is let in.
		bypassCSP: true,
	});
	const errors = [];
	const kiosk = ctx.pages()[0] || await ctx.newPage();
	kiosk.on('pageerror', (e) => errors.push(String(e)));
	kiosk.on('response', (r) => { if (r.status() >= 400) errors.push(r.status() + ' ' + r.url()); });

	// The kiosk, portrait: the whole answer on the first screen.
	await kiosk.goto(base + '/d/' + token);
	await kiosk.waitForSelector('article.dossier section.todo');
	const k = await checkWaiting(kiosk, 'kiosk');
	assert.ok(k.todo.y + k.todo.height <= 1920, 'kiosk: what to do fits the first screen');
	// Long labels wrap: no value squeezed into a column a letter wide.
	assert.ok(await kiosk.evaluate(() => document.documentElement.scrollWidth <= 1080), 'kiosk: no sideways scroll');
	for (const dd of await kiosk.locator('article.dossier dl.facts dd').all())
		assert.ok((await dd.boundingBox()).width > 200, 'kiosk: a fact\'s value is wide enough to read');
	// A kiosk cannot call: the phone number is read, not followed.
	assert.strictEqual(await kiosk.locator('article.dossier section.todo a[href^="tel:"]').first().evaluate(
		(a) => getComputedStyle(a).pointerEvents), 'none', 'kiosk: the phone link is inert');
	await kiosk.screenshot({ path: shots + '/kiosk-supplement.png' });
	await noViolations(kiosk, 'kiosk');

	// A phone, the static page: status on the first screen, no sideways scroll.
	const phone = await ctx.newPage();
	await phone.setViewportSize({ width: 360, height: 780 });
	phone.on('pageerror', (e) => errors.push(String(e)));
	await phone.goto(sitePage);
	await phone.waitForSelector('article.dossier section.todo');
	const p = await checkWaiting(phone, 'phone');
	assert.ok(p.st.y + p.st.height < 390, 'phone: the status in the upper half of the first screen (' + p.st.y + ')');
	assert.ok(p.todo.y < 780, 'phone: what to do begins on the first screen (' + p.todo.y + ')');
	assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 360), 'phone: no sideways scroll');
	assert.strictEqual(await phone.locator('article.dossier').first().locator('section.todo a[href="tel:02603862888"]').count(), 1, 'phone: a tel: link');
	await phone.screenshot({ path: shots + '/phone-supplement.png' });
	await phone.screenshot({ path: shots + '/phone-supplement-full.png', fullPage: true });
	await noViolations(phone, 'phone');

	// The receipt: the code in monospace, its label not ("Mã hồ sơ" breaks
	// apart in DejaVu Sans Mono).
	await phone.setViewportSize({ width: 800, height: 1100 });
	await phone.goto(receipt);
	const fonts = await phone.evaluate(() => ({
		label: getComputedStyle(document.querySelector('p.code')).fontFamily,
		code: getComputedStyle(document.querySelector('p.code .mono')).fontFamily,
		text: document.querySelector('p.code').textContent,
	}));
	assert.doesNotMatch(fonts.label, /mono/i, 'receipt: the label\'s font ' + fonts.label);
	assert.match(fonts.code, /mono/i, 'receipt: the code\'s font ' + fonts.code);
	assert.match(fonts.text, /^Mã hồ sơ: \S+$/, 'receipt: the code line');

	assert.deepStrictEqual(errors, [], 'page errors');
	await ctx.close();
	console.log('ok: citizen pages (kiosk, phone) and the receipt\'s code line');
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
