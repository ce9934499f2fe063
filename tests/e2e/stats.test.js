// The statistics pages in headless Chromium (Debian's, driven by
// playwright-core), measured as a reader sees them.
// Usage: node stats.test.js SITE_URL SCREENSHOT_DIR PROFILE_DIR
'use strict';
const assert = require('assert');
const { chromium } = require('playwright-core');

const [site, shots, profile] = process.argv.slice(2);

// Every text of the first chart on the page: its rendered size in CSS px
// (font size in the drawing's units times the drawing's scale) and its box.
async function chartTexts(page) {
	return page.$eval('svg.chart', (svg0) => [...svg0.querySelectorAll('text.ct')].map((t) => {
		const svg = t.ownerSVGElement;
		const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		const r = t.getBoundingClientRect(), box = svg.getBoundingClientRect();
		return {
			text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
			y: parseFloat(t.getAttribute('y')), left: r.left, right: r.right,
			inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
		};
	}));
}

async function phone(ctx) {
	const page = await ctx.newPage();
	await page.setViewportSize({ width: 360, height: 780 });
	await page.goto(site + '/thong-ke/index.html');
	const chart = page.locator('svg.chart').first();
	await chart.scrollIntoViewIfNeeded();
	const texts = await chartTexts(page);
	assert.ok(texts.length > 5, 'chart texts found');
	const small = texts.filter((t) => t.px < 11);
	assert.deepStrictEqual(small, [], 'chart text under 11 px on a phone');
	// The x labels (the lowest texts) do not run together, and no text is
	// cut by the drawing's edge.
	assert.deepStrictEqual(texts.filter((t) => !t.inside), [], 'chart text cut at the edge');
	const yMax = Math.max(...texts.map((t) => t.y));
	const xl = texts.filter((t) => t.y === yMax).sort((a, b) => a.left - b.left);
	assert.ok(xl.length >= 3, `month labels shown: ${xl.length}`);
	for (let i = 1; i < xl.length; i++)
		assert.ok(xl[i].left > xl[i - 1].right, `labels ${xl[i - 1].text} and ${xl[i].text} overlap`);
	// The running month is a hollow point, and the note under the table says why.
	const hollow = await chart.locator('circle[fill="#fff"]').count();
	assert.ok(hollow >= 1, 'the month not over is drawn hollow');
	const note = await page.locator('.table-scroll:has(table.chart-data) + p.note').first().textContent();
	assert.match(note, /chưa kết thúc/);
	assert.ok(await page.locator('table.chart-data tr.weak').count() >= 1, 'weak rows marked');
	await chart.screenshot({ path: shots + '/stats-chart-phone.png' });
	await page.screenshot({ path: shots + '/stats-index-phone.png' });
	console.log(`phone: ${texts.length} chart texts, smallest ${Math.min(...texts.map((t) => t.px)).toFixed(1)} px;`
		+ ` ${xl.length} month labels apart; ${hollow} hollow point(s)`);

	// Every wide table scrolls from the keyboard: a named region that takes
	// the focus, and arrow keys move it.
	const boxes = await page.$$eval('.table-scroll', (ds) => ds.map((d) => ({
		tab: d.getAttribute('tabindex'), role: d.getAttribute('role'), label: d.getAttribute('aria-label'),
		wide: d.scrollWidth > d.clientWidth,
	})));
	assert.ok(boxes.length >= 1);
	for (const b of boxes)
		assert.ok(b.tab === '0' && b.role === 'region' && b.label, JSON.stringify(b));
	const wide = page.locator('.table-scroll:has(table.report)').first();
	await wide.focus();
	assert.ok(await wide.evaluate((d) => d === document.activeElement), 'table box takes the focus');
	for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
	const left = await wide.evaluate((d) => d.scrollLeft);
	assert.ok(left > 0, 'arrow keys scroll the table');
	console.log(`phone: ${boxes.length} table boxes focusable and named; arrows scrolled ${left} px`);

	// The roadmap: a level a rule does not apply to is a dashed box and
	// "Không áp dụng" in the table, never an empty slot like a zero.
	await page.goto(site + '/lo-trinh-iso/index.html');
	const na = await page.locator('svg.chart rect[stroke-dasharray="2 2"]').count();
	const naCells = await page.locator('table.chart-data td.na').count();
	assert.strictEqual(na, naCells, 'each value not applicable drawn as such');
	if (naCells)
		assert.match(await page.locator('table.chart-data td.na').first().textContent(), /Không áp dụng/);
	await page.locator('svg.chart').first().screenshot({ path: shots + '/stats-roadmap-phone.png' });
	console.log(`phone: roadmap chart, ${na} value(s) not applicable drawn apart`);
	await page.close();
}

async function desktop(ctx) {
	const page = await ctx.newPage();
	await page.setViewportSize({ width: 1280, height: 900 });
	for (const p of ['/thong-ke/index.html', '/en/thong-ke/index.html']) {
		await page.goto(site + p);
		// The monthly table fits the window: not cut, no sideways scroll.
		const box = page.locator('.table-scroll:has(table.report)').first();
		const m = await box.evaluate((d) => ({ sw: d.scrollWidth, cw: d.clientWidth,
			right: d.getBoundingClientRect().right }));
		assert.ok(m.sw <= m.cw + 1, `${p}: monthly table cut at 1280 px (${m.sw} > ${m.cw})`);
		assert.ok(m.right <= 1280, `${p}: table box past the window (${m.right})`);
		assert.strictEqual(await page.evaluate(() => document.documentElement.scrollWidth), 1280,
			`${p}: the page scrolls sideways`);
		console.log(`desktop ${p}: monthly table ${m.sw} px in a ${m.cw} px box`);
	}
	await page.screenshot({ path: shots + '/stats-index-desktop.png' });
	await page.goto(site + '/thong-ke/diem-nghen.html');
	// Text columns of the bottlenecks table keep a readable width: no cell
	// is squeezed to a word a line (at least 9 rem), nor is a heading.
	const cells = await page.$$eval('table.bottlenecks td.t', (tds) => tds.map((td) => ({
		w: td.getBoundingClientRect().width, text: td.textContent,
		lines: Math.round(td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight || '20')),
	})));
	assert.ok(cells.length > 0, 'text cells found');
	const narrow = cells.filter((c) => c.w < 140 && c.text.includes(' '));
	assert.deepStrictEqual(narrow.slice(0, 3), [], 'text cells squeezed');
	const heads = await page.$$eval('table.bottlenecks thead th', (ths) => ths.map((th) => ({
		w: th.getBoundingClientRect().width, text: th.textContent })));
	assert.deepStrictEqual(heads.filter((h) => h.w < 70), [], 'headings squeezed');
	await page.screenshot({ path: shots + '/stats-bottlenecks-desktop.png' });
	console.log(`desktop: ${cells.length} bottleneck text cells, narrowest ${Math.min(...cells.map((c) => c.w)).toFixed(0)} px`);
	await page.close();
}

async function main() {
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		deviceScaleFactor: 2,
	});
	try {
		await phone(ctx);
		await desktop(ctx);
	} finally {
		await ctx.close();
	}
}

main().catch((e) => { console.error(e); process.exit(1); });
