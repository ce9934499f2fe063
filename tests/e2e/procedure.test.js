// The site's procedure page on a phone (360x740, headless Chromium): one
// step table per distinct process instead of one per agency, so the page
// stays a few screens long (it was 24,191 px with 31 copies); nothing wider
// than the screen; the documents to hand in and the fee are on it.  A
// full-page screenshot.
// Usage: node procedure.test.js PAGE_FILE SCREENSHOT_DIR PROFILE_DIR
'use strict';
const assert = require('assert');
const { chromium } = require('playwright-core');

const [file, shots, profile] = process.argv.slice(2);

async function main() {
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 360, height: 740 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
	});
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('requestfailed', (r) => errors.push('failed ' + r.url()));
	await page.goto('file://' + file);
	const info = await page.evaluate(() => ({
		height: document.documentElement.scrollHeight,
		width: document.documentElement.scrollWidth,
		tables: document.querySelectorAll('table.process-steps').length,
		agencies: document.querySelectorAll('ul.process-agencies li').length,
		docs: document.querySelectorAll('ol.documents li').length,
		fee: [...document.querySelectorAll('dl.facts dt')].some((dt) => /Phí/.test(dt.textContent)),
		docsTop: document.querySelector('ol.documents').getBoundingClientRect().top,
	}));
	console.log(`procedure page on a phone: ${info.height} px tall, ${info.tables} process table(s), ` +
		`${info.agencies} agencies listed, ${info.docs} documents`);
	assert.strictEqual(info.tables, 1, 'one shared process table');
	assert.ok(info.agencies >= 20, 'agencies of the shared process: ' + info.agencies);
	assert.ok(info.docs >= 3 && info.fee, 'documents and fee');
	assert.ok(info.width <= 360, 'wider than the phone: ' + info.width);
	assert.ok(info.height < 6000, 'page ' + info.height + ' px tall');
	// What to bring comes early: within the first two screens.
	assert.ok(info.docsTop < 2 * 740, 'documents start at ' + info.docsTop + ' px');
	await page.screenshot({ path: shots + '/procedure-phone.png', fullPage: true });
	assert.deepStrictEqual(errors, [], 'errors: ' + errors.join('; '));
	await ctx.close();
	console.log('ok: procedure page on a phone');
}

main().catch((e) => { console.error(e); process.exit(1); });
