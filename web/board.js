/*
 * board.js: the wallboard (/board), a hall screen nobody touches.
 * - pages: the ready codes are split into pages that fit the screen, shown
 *   in turn every data-turn seconds, with "Trang 2/6" under them;
 * - refresh: every data-refresh seconds the page is fetched again and the
 *   board (#board) and footer are replaced in place, keeping the page
 *   being shown; a failed fetch keeps what is there and tries again.
 * Without script the page is the whole list with a reload link.  No
 * inline script (the Content-Security-Policy forbids it).
 */
(function () {
	'use strict';

	var board = document.getElementById('board');
	if (!board) return;
	var page = 0, pages = 1, turnTimer = null;

	function num(attr, dflt) {
		var v = parseInt(board.getAttribute(attr), 10);
		return v > 0 ? v : dflt;
	}

	function items() {
		return board.querySelectorAll('.ready-codes > li');
	}

	/* Give every code its page: a page ends where the next row of codes
	 * would go below the screen, leaving room for what follows the list
	 * (pager, notes, footer). */
	function paginate() {
		var li = items(), list = board.querySelector('.ready-codes'), pager = board.querySelector('.board-pager');
		var i, top, room, start = null, n = 0;

		for (i = 0; i < li.length; i++) li[i].hidden = false;
		if (!list || li.length === 0) { pages = 1; page = 0; return; }
		if (pager) { pager.hidden = false; pager.textContent = '\u00a0'; }
		var listBox = list.getBoundingClientRect();
		var below = document.documentElement.scrollHeight - (listBox.bottom + window.scrollY);
		room = window.innerHeight - listBox.top - window.scrollY - below;
		for (i = 0; i < li.length; i++) {
			var box = li[i].getBoundingClientRect();
			if (start === null) start = box.top;
			/* A new page at this row when it would not fit (never an empty page). */
			if (box.bottom - start > room && box.top > start) { n++; start = box.top; }
			li[i].setAttribute('data-page', n);
		}
		pages = n + 1;
		if (page >= pages) page = 0;
	}

	function show() {
		var li = items(), pager = board.querySelector('.board-pager'), i;

		for (i = 0; i < li.length; i++) li[i].hidden = +li[i].getAttribute('data-page') !== page;
		if (pager) {
			pager.hidden = pages < 2;
			pager.textContent = (board.getAttribute('data-page-word') || 'Trang') + ' ' + (page + 1) + '/' + pages;
		}
		document.body.setAttribute('data-board-page', (page + 1) + '/' + pages);
	}

	function turn() {
		page = (page + 1) % pages;
		show();
	}

	function layout() {
		paginate();
		show();
	}

	function restartTurns() {
		clearInterval(turnTimer);
		turnTimer = setInterval(turn, num('data-turn', 10) * 1000);
	}

	/* The same page, fetched again: its board and footer replace ours. */
	function refresh() {
		fetch(location.pathname + location.search, { cache: 'no-store', credentials: 'omit' })
			.then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
			.then(function (html) {
				var doc = new DOMParser().parseFromString(html, 'text/html');
				var nb = doc.getElementById('board'), nf = doc.querySelector('footer'), of = document.querySelector('footer');
				if (!nb) return;
				board.innerHTML = nb.innerHTML;
				board.setAttribute('data-refresh', nb.getAttribute('data-refresh') || '');
				board.setAttribute('data-turn', nb.getAttribute('data-turn') || '');
				if (nf && of) of.innerHTML = nf.innerHTML;
				layout();
				document.body.setAttribute('data-board-refreshed', String(Date.now()));
			})
			.catch(function () {})
			.then(function () { setTimeout(refresh, num('data-refresh', 20) * 1000); });
	}

	/* For the browser test: the number of pages, and a page to show now. */
	window.kioskBoard = {
		pages: function () { return pages; },
		show: function (i) { page = ((i % pages) + pages) % pages; show(); restartTurns(); }
	};

	layout();
	restartTurns();
	setTimeout(refresh, num('data-refresh', 20) * 1000);
	var resizeTimer = null;
	window.addEventListener('resize', function () {
		clearTimeout(resizeTimer);
		resizeTimer = setTimeout(layout, 200);
	});
	document.body.setAttribute('data-board', 'ready');
})();
