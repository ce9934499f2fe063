// The wallboard in headless Chromium at 1080x1920 (portrait hall screen)
// with 200 ready codes: no meta refresh and no language button; the codes
// are split into pages that each fit the screen (no code cut or hidden
// behind another, none scrolled off), every code on exactly one page, the
// pages turn by themselves with "Trang i/n"; the code text is large; the
// pickup place is said; the board refreshes in place from the server (a
// new ready code appears without a reload).  A screenshot of every page,
// and one of the kiosk's procedure page with its documents.
// Usage: node board.test.js BASE_URL SCREENSHOT_DIR PROFILE_DIR SNAPSHOT_SWAP_CMD
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

const [base, shots, profile, swap] = process.argv.slice(2);

async function main() {
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1080, height: 1920 },
		deviceScaleFactor: 1,
	});
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('response', (r) => { if (r.status() >= 400) errors.push(r.status() + ' ' + r.url()); });

	await page.goto(base + '/board');
	await page.waitForSelector('body[data-board="ready"]');
	assert.strictEqual(await page.locator('meta[http-equiv]').count(), 0, 'a meta refresh');
	assert.strictEqual(await page.locator('.btn-lang').count(), 0, 'a language button on the wallboard');
	assert.match(await page.textContent('.board-place'), /Nhận kết quả tại: Quầy số 2 <b>"A&B"<\/b>/);
	const total = await page.locator('.ready-codes > li').count();
	assert.strictEqual(total, 200, 'codes on the board');
	const pages = await page.evaluate(() => window.kioskBoard.pages());
	assert.ok(pages >= 2 && pages <= 10, 'pages: ' + pages);

	const seen = new Map();
	for (let p = 0; p < pages; p++) {
		await page.evaluate((i) => window.kioskBoard.show(i), p);
		const info = await page.evaluate(() => {
			const vis = [...document.querySelectorAll('.ready-codes > li')].filter((li) => !li.hidden);
			const boxes = vis.map((li) => li.getBoundingClientRect());
			const cs = getComputedStyle(document.querySelector('.ready-codes'));
			return {
				codes: vis.map((li) => li.firstChild.textContent),
				bottom: Math.max(...boxes.map((b) => b.bottom)),
				right: Math.max(...boxes.map((b) => b.right)),
				cut: vis.filter((li) => li.scrollWidth > li.clientWidth + 1).length,
				columns: new Set(boxes.map((b) => Math.round(b.left))).size,
				fontPx: parseFloat(cs.fontSize),
				pager: document.querySelector('.board-pager').textContent,
				pagerBottom: document.querySelector('.board-pager').getBoundingClientRect().bottom,
				scroll: document.documentElement.scrollHeight,
				vh: window.innerHeight, vw: window.innerWidth,
			};
		});
		assert.strictEqual(info.pager, `Trang ${p + 1}/${pages}`);
		assert.ok(info.codes.length >= 20, `page ${p + 1}: only ${info.codes.length} codes`);
		assert.ok(info.bottom <= info.vh && info.pagerBottom <= info.vh, `page ${p + 1} runs below the screen`);
		assert.ok(info.right <= info.vw, `page ${p + 1} runs off the right edge`);
		assert.strictEqual(info.cut, 0, `page ${p + 1}: codes cut`);
		assert.ok(info.columns >= 2, 'one column at 1080 px');
		// Read from across a hall: at least 28 px type (about 1 cm on a 43" screen).
		assert.ok(info.fontPx >= 28, 'codes in ' + info.fontPx + ' px type');
		assert.ok(info.scroll <= info.vh + 1, `page ${p + 1}: the screen scrolls (${info.scroll} px)`);
		for (const c of info.codes) {
			assert.ok(!seen.has(c), c + ' on two pages');
			seen.set(c, p);
		}
		await page.screenshot({ path: `${shots}/board-200-page-${p + 1}.png` });
	}
	assert.strictEqual(seen.size, 200, 'codes shown over all pages: ' + seen.size);

	// The pages turn by themselves (the test's kioskd turns them every 10 s).
	const before = await page.textContent('.board-pager');
	await page.waitForFunction((b) => document.querySelector('.board-pager').textContent !== b, before,
		{ timeout: 15000 });

	// A new snapshot with one more ready code: the board shows it after its
	// own refresh, without reloading the page.
	await page.evaluate(() => { window.notReloaded = true; });
	execFileSync('sh', ['-c', swap]);
	await page.waitForFunction(() => [...document.querySelectorAll('.ready-codes > li')]
		.some((li) => li.firstChild.textContent === '000.00.01.H34-250313-0999'), null, { timeout: 30000 });
	assert.strictEqual(await page.evaluate(() => window.notReloaded), true, 'the page was reloaded');
	assert.strictEqual(await page.locator('.ready-codes > li').count(), 200, 'still the newest 200');
	assert.match(await page.textContent('.board-capped'), /200 kết quả mới nhất trong số 201/);

	// English, the same pages.
	await page.goto(base + '/board?lang=en');
	await page.waitForSelector('body[data-board="ready"]');
	assert.match(await page.textContent('.board-pager'), /^Page 1\/\d+$/);

	// The kiosk's procedure page at the same size: the documents to hand in
	// and the fee, on the first screen.
	await page.goto(base + '/procedures/2.000815');
	await page.waitForSelector('ol.documents li');
	assert.strictEqual(await page.locator('ol.documents li').count(), 2);
	assert.match(await page.textContent('ol.documents'), /Bản chính <script>giấy tờ<\/script>/);
	assert.match(await page.textContent('dl.facts'), /2\.000 đồng/);
	const docsBottom = await page.evaluate(() => document.querySelector('ol.documents').getBoundingClientRect().bottom);
	assert.ok(docsBottom <= 1920, 'documents below the first screen: ' + docsBottom);
	await page.screenshot({ path: `${shots}/kiosk-procedure-documents.png` });
	assert.deepStrictEqual(errors, [], 'errors: ' + errors.join('; '));
	await ctx.close();
	console.log(`ok: wallboard with 200 codes in ${pages} pages at 1080x1920`);
}

main().catch((e) => { console.error(e); process.exit(1); });
