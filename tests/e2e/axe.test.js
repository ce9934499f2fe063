// axe-core in headless Chromium (Debian's, driven by playwright-core) over
// every kiosk screen and every page type of the published site, in both
// languages: the kiosk at its 1080x1920 portrait screen, the site on a
// 360 px phone and a 1280 px desktop (tables that scroll on a phone only
// show their problems there).  Any violation fails, listed with its rule,
// impact, page and the first elements it names.
// Usage: node axe.test.js KIOSK_URL SITE_URL PAGES_FILE PROFILE_DIR
//   PAGES_FILE: one site path a line (e.g. /thong-ke/index.html).
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const [kiosk, site, pagesFile, profile] = process.argv.slice(2);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const sitePaths = fs.readFileSync(pagesFile, 'utf8').split('\n').filter((l) => l);

const found = []; // {where, id, impact, help, targets}
let checked = 0;

async function audit(page, where) {
	await page.evaluate(axeSource);
	const r = await page.evaluate(async () => {
		// WCAG 2.1 A/AA and axe's best practices: all rules it runs by default.
		const res = await window.axe.run(document, { resultTypes: ['violations'] });
		return res.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
			count: v.nodes.length,
		}));
	});
	checked++;
	for (const v of r) found.push({ where, ...v });
}

async function kioskScreens(ctx) {
	const page = await ctx.newPage();
	for (const lang of ['vi', 'en']) {
		const q = lang === 'en' ? '?lang=en' : '';
		await page.goto(kiosk + '/' + q);
		await page.waitForSelector('body[data-ready="1"]');
		if (lang === 'en' && (await page.getAttribute('html', 'lang')) !== 'en') {
			await page.click('#lang-toggle');
			await page.waitForSelector('html[lang="en"]');
		}
		await audit(page, `kiosk ${lang} start`);
		await page.click('#go-lookup');
		await page.waitForSelector('#screen-entry:not([hidden])');
		await audit(page, `kiosk ${lang} keypad`);
		// The procedures browser and one procedure, from the start screen.
		await page.goto(kiosk + '/' + q);
		await page.waitForSelector('body[data-ready="1"]');
		if (lang === 'en' && (await page.getAttribute('html', 'lang')) !== 'en') {
			await page.click('#lang-toggle');
			await page.waitForSelector('html[lang="en"]');
		}
		await page.click('#go-procedures');
		await page.waitForSelector('.proc-list a');
		await audit(page, `kiosk ${lang} procedures`);
		await page.click('.proc-list a');
		await page.waitForSelector('table.steps');
		await audit(page, `kiosk ${lang} procedure`);
		// Server-rendered pages.
		for (const [name, path] of [['dossier result', process.env.KIOSK_DOSSIER],
			['procedures page', '/procedures'], ['procedure page', process.env.KIOSK_PROC],
			['wallboard', '/board']]) {
			await page.goto(kiosk + path + q);
			await audit(page, `kiosk ${lang} ${name} (${path})`);
		}
	}
	await page.close();
}

async function siteNamed(ctx, width, height) {
	const page = await ctx.newPage();
	await page.setViewportSize({ width, height });
	for (const p of sitePaths) {
		const r = await page.goto(site + p);
		if (!r || r.status() !== 200) {
			found.push({ where: `site ${p}`, id: 'http', impact: 'critical',
				help: `status ${r ? r.status() : 'none'}`, targets: [], count: 1 });
			continue;
		}
		await audit(page, `site ${width}px ${p}`);
	}
	await page.close();
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
	await kioskScreens(ctx);
	await siteNamed(ctx, 360, 740);
	await siteNamed(ctx, 1280, 900);
	await ctx.close();
	for (const v of found)
		console.log(`VIOLATION ${v.id} (${v.impact}) ${v.where}: ${v.help}; ${v.count} node(s): ` +
			v.targets.join(' | '));
	const rules = [...new Set(found.map((v) => v.id))].sort();
	console.log(`axe: ${checked} pages checked, ${found.length} violations` +
		(rules.length ? ` (${rules.join(', ')})` : ''));
	process.exit(found.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
