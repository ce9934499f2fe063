/*
 * kiosk.js: the kiosk page's behaviour, on every kioskd page.
 * - the start screen: on-screen keypad for the dossier code and check code,
 *   lookup through /api/lookup, Vietnamese/English;
 * - scanner input anywhere: a handheld scanner types the QR URL (or a
 *   dossier code) fast and presses Enter;
 * - idle reset: after the configured idle time, back to the start screen in
 *   Vietnamese with nothing of the last citizen left on it.
 * No inline script (the Content-Security-Policy forbids it), no network
 * beyond the kiosk daemon.
 */
(function () {
	'use strict';

	var TEXT = {
		vi: {
			home: 'Trang đầu', title: 'Tra cứu hồ sơ thủ tục hành chính', other_lang: 'English',
			welcome: 'Xin chào! Quý vị cần tra cứu gì?', lookup: 'Tra cứu hồ sơ',
			lookup_text: 'Nhập mã hồ sơ và mã kiểm tra in trên giấy tiếp nhận',
			scan: 'Hoặc đưa mã QR trên giấy tiếp nhận vào máy quét',
			procedures: 'Thủ tục hành chính',
			procedures_text: 'Các bước, thời hạn, lệ phí và ngày hẹn trả nếu nộp hôm nay',
			entry_title: 'Nhập mã hồ sơ và mã kiểm tra', code_label: 'Mã hồ sơ',
			check_label: 'Mã kiểm tra (8 chữ số)', clear: 'Xóa hết', backspace: 'Xóa',
			letters: 'A-Z', cancel: 'Quay lại', submit: 'Tra cứu', waiting: 'Đang tra cứu...',
			footer: 'Máy tra cứu không lưu lại thông tin của quý vị.',
			code_hint_office: 'Nhập 6 chữ số ngày (năm, tháng, ngày) và 4 chữ số thứ tự',
			code_hint: 'Ví dụ: 000.00.01.H34-250312-0042',
			no_dossier: 'Không tìm thấy hồ sơ với mã hồ sơ và mã kiểm tra này. Vui lòng xem lại giấy tiếp nhận.',
			bad_code: 'Mã hồ sơ hoặc mã kiểm tra chưa đúng dạng.',
			rate_limited: 'Quá nhiều lần tra cứu. Vui lòng chờ {s} giây rồi thử lại.',
			unavailable: 'Dữ liệu tra cứu tạm thời chưa sẵn sàng. Xin vui lòng hỏi cán bộ tại quầy.',
			failed: 'Không kết nối được. Xin vui lòng thử lại.',
			scanned_code: 'Đã quét mã hồ sơ. Vui lòng nhập mã kiểm tra.',
			data_age: 'Dữ liệu tính đến {t}: máy chưa cập nhật được dữ liệu mới hơn.',
			rate_welcome: 'Xin mời Quý vị đánh giá mức độ hài lòng',
			rate_lookup: 'Đánh giá hồ sơ của tôi',
			rate_lookup_text: 'Nhập mã hồ sơ và mã kiểm tra in trên giấy tiếp nhận',
			rate_title: 'Đánh giá mức độ hài lòng',
			rate_dossier: 'Hồ sơ {c}',
			rate_current: 'Quý vị đã đánh giá hồ sơ này: {v}. Đánh giá mới sẽ thay thế đánh giá trước.',
			rate_reason: 'Vì sao Quý vị chưa hài lòng? (không bắt buộc)',
			rate_skip: 'Bỏ qua',
			rate_private: 'Không ghi tên hay thông tin cá nhân của Quý vị.',
			rate_thanks: 'Cảm ơn Quý vị đã đánh giá!',
			rate_thanks_text: 'Ý kiến của Quý vị giúp cơ quan phục vụ tốt hơn.',
			rate_not_finished: 'Hồ sơ này chưa có kết quả. Quý vị có thể đánh giá khi kết quả đã sẵn sàng.',
			rate_limited: 'Đã có quá nhiều lượt đánh giá. Vui lòng thử lại sau.',
			rate_failed: 'Chưa ghi được đánh giá. Vui lòng thử lại.'
		},
		en: {
			home: 'Start', title: 'Administrative dossier lookup', other_lang: 'Tiếng Việt',
			welcome: 'Welcome! What would you like to do?', lookup: 'Look up a dossier',
			lookup_text: 'Type the dossier code and check code printed on your receipt',
			scan: 'Or hold the QR code on your receipt to the scanner',
			procedures: 'Administrative procedures',
			procedures_text: 'Steps, time limits, fees, and the due date if you hand in today',
			entry_title: 'Type the dossier code and check code', code_label: 'Dossier code',
			check_label: 'Check code (8 digits)', clear: 'Clear', backspace: 'Delete',
			letters: 'A-Z', cancel: 'Back', submit: 'Look up', waiting: 'Looking up...',
			footer: 'This kiosk keeps nothing of what you type.',
			code_hint_office: 'Type the 6-digit date (year, month, day) and the 4-digit number',
			code_hint: 'For example: 000.00.01.H34-250312-0042',
			no_dossier: 'No dossier matches this dossier code and check code. Please compare with your receipt.',
			bad_code: 'The dossier code or check code is not in the right form.',
			rate_limited: 'Too many lookups. Please wait {s} seconds and try again.',
			unavailable: 'The lookup data is not available at the moment. Please ask at the counter.',
			failed: 'No connection. Please try again.',
			scanned_code: 'Dossier code scanned. Please type the check code.',
			data_age: 'Data as of {t}: this kiosk could not get newer data.',
			rate_welcome: 'Please tell us how satisfied you are',
			rate_lookup: 'Rate my dossier',
			rate_lookup_text: 'Type the dossier code and check code printed on your receipt',
			rate_title: 'How satisfied are you?',
			rate_dossier: 'Dossier {c}',
			rate_current: 'You rated this dossier: {v}. A new rating replaces it.',
			rate_reason: 'Why were you not satisfied? (optional)',
			rate_skip: 'Skip',
			rate_private: 'Your name and personal details are not recorded.',
			rate_thanks: 'Thank you for your rating!',
			rate_thanks_text: 'Your opinion helps the office serve you better.',
			rate_not_finished: 'This dossier has no result yet. You can rate it once the result is ready.',
			rate_limited: 'Too many ratings. Please try again later.',
			rate_failed: 'The rating could not be recorded. Please try again.'
		}
	};
	var CODE_RE = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$/;
	var TOKEN_RE = /\/d\/(?:[A-Za-z0-9_-]{2}\/)?([A-Za-z0-9_-]{22})(?:\.html)?(?:[?#].*)?$/;

	var config = { office: '', idle_seconds: 60, mode: 'kiosk' };
	var state = { lang: 'vi', field: 'code', code: '', check: '' };
	var start = document.getElementById('screen-start');
	var $ = function (id) { return document.getElementById(id); };

	function t(key) { return TEXT[state.lang][key] || TEXT.vi[key] || ''; }

	/* ---- language ------------------------------------------------------ */

	function applyLang() {
		document.documentElement.lang = state.lang;
		var nodes = document.querySelectorAll('[data-i18n]');
		for (var i = 0; i < nodes.length; i++)
			nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
		var p = $('go-procedures');
		if (p) p.href = '/procedures' + (state.lang === 'en' ? '?lang=en' : '');
		var home = document.querySelector('.btn-home');
		if (home && start) home.href = '/' + (state.lang === 'en' ? '?lang=en' : '');
		renderEntry();
		if (start && rating && rating.data) rateDraw();
	}

	/* ---- screens ------------------------------------------------------- */

	function show(id) {
		var screens = document.querySelectorAll('.screen');
		for (var i = 0; i < screens.length; i++) screens[i].hidden = screens[i].id !== id;
	}

	function say(text) {
		var m = $('entry-message');
		m.textContent = text;
		m.hidden = !text;
	}

	/* The code as it will be sent: with --office the agency prefix is
	 * fixed and the citizen types YYMMDD and NNNN (10 digits). */
	function fullCode() {
		if (!config.office) return state.code;
		var d = state.code;
		return config.office + '-' + d.slice(0, 6) + (d.length > 6 ? '-' + d.slice(6) : '');
	}

	function typedCode() {
		if (!config.office) return state.code;
		var d = state.code;
		return d.slice(0, 6) + (d.length > 6 ? '-' + d.slice(6) : '');
	}

	function renderEntry() {
		if (!start) return;
		$('code-prefix').textContent = config.office ? config.office + '-' : '';
		$('code-typed').textContent = typedCode();
		$('check-typed').textContent = state.check;
		$('code-hint').textContent = config.office ? t('code_hint_office') : t('code_hint');
		$('field-code').setAttribute('aria-pressed', String(state.field === 'code'));
		$('field-check').setAttribute('aria-pressed', String(state.field === 'check'));
		var letters = !config.office && state.field === 'code';
		$('keypad-extra').hidden = !letters;
		if (!letters) $('keypad-letters').hidden = true;
		$('entry-submit').disabled = !(CODE_RE.test(fullCode()) && /^[0-9]{8}$/.test(state.check));
	}

	function reset(lang) {
		state = { lang: lang || 'vi', field: 'code', code: '', check: '' };
		rateClear();
		if (start) {
			say('');
			show('screen-start');
		}
		applyLang();
	}

	/* ---- keypad -------------------------------------------------------- */

	function press(key) {
		var max = state.field === 'check' ? 8 : config.office ? 10 : 25;
		var v = state[state.field];
		say('');
		if (key === 'back') v = v.slice(0, -1);
		else if (key === 'clear') v = '';
		else if (key === 'letters') { $('keypad-letters').hidden = !$('keypad-letters').hidden; return; }
		else if (v.length < max && (state.field === 'code' && !config.office ? /^[0-9A-Z.-]$/ : /^[0-9]$/).test(key)) v += key;
		state[state.field] = v;
		/* A complete code moves on to the check code by itself. */
		if (state.field === 'code' && v.length === max && config.office) state.field = 'check';
		renderEntry();
	}

	function buildLetters() {
		var pad = $('keypad-letters');
		for (var c = 65; c <= 90; c++) {
			var b = document.createElement('button');
			b.type = 'button';
			b.className = 'key key-letter';
			b.setAttribute('data-key', String.fromCharCode(c));
			b.textContent = String.fromCharCode(c);
			pad.appendChild(b);
		}
	}

	/* ---- lookup -------------------------------------------------------- */

	function langArg() { return state.lang === 'en' ? '?lang=en' : ''; }

	function lookup() {
		var url = '/api/lookup?code=' + encodeURIComponent(fullCode()) +
			'&check=' + encodeURIComponent(state.check) + (state.lang === 'en' ? '&lang=en' : '');
		show('screen-wait');
		fetch(url, { cache: 'no-store', credentials: 'omit' }).then(function (res) {
			if (res.ok) return res.json().then(function (j) {
				if (config.mode === 'rating') { rateScreen(j.token); return; }
				/* replace(): the dossier is not left in the history for the
				 * next person to go back to. */
				location.replace('/d/' + j.token + langArg());
			});
			show('screen-entry');
			state.check = '';
			state.field = 'check';
			if (res.status === 404) say(t('no_dossier'));
			else if (res.status === 429) say(t('rate_limited').replace('{s}', res.headers.get('Retry-After') || '60'));
			else if (res.status === 503) say(t('unavailable'));
			else say(t('bad_code'));
			renderEntry();
		}).catch(function () {
			show('screen-entry');
			say(t('failed'));
		});
	}

	/* ---- scanner ------------------------------------------------------- */

	/* A scanner types a whole code in a few milliseconds per character and
	 * ends with Enter; a person on a keyboard is far slower.  Keys more than
	 * SCAN_GAP ms apart start a new burst. */
	var SCAN_GAP = 60, scan = '', scanLast = 0, scanStart = 0;

	function onScanned(text) {
		var m = TOKEN_RE.exec(text);
		if (m && start && config.mode === 'rating') { rateScreen(m[1]); return; }
		if (m) { location.replace('/d/' + m[1] + langArg()); return; }
		var code = text.trim().toUpperCase();
		if (!CODE_RE.test(code)) return;
		if (!start) { location.replace('/'); return; }
		if (config.office && code.indexOf(config.office + '-') === 0)
			state.code = code.slice(config.office.length + 1).replace('-', '');
		else if (config.office) return;
		else state.code = code;
		state.check = '';
		state.field = 'check';
		show('screen-entry');
		renderEntry();
		say(t('scanned_code'));
	}

	function onKey(ev) {
		var now = Date.now(), human = now - scanLast > SCAN_GAP;
		if (human) { scan = ''; scanStart = now; }
		scanLast = now;
		if (ev.key === 'Enter') {
			var fast = scan.length >= 8 && (now - scanStart) / scan.length < SCAN_GAP;
			if (fast) { ev.preventDefault(); onScanned(scan); }
			scan = '';
			return;
		}
		if (ev.key.length === 1) {
			scan += ev.key;
			/* Typing at the keypad's screen with a real keyboard also works. */
			if (start && !$('screen-entry').hidden && human) press(ev.key.toUpperCase());
		} else if (ev.key === 'Backspace' && start && !$('screen-entry').hidden) {
			press('back');
		}
	}

	/* ---- rating -------------------------------------------------------- */

	/* A short satisfaction rating of a finished dossier: after a lookup on
	 * the dossier's page, or (kioskd --mode rating, a counter tablet) on a
	 * screen of its own after the receipt's QR code or code and check code.
	 * The questions come from /api/rating/TOKEN; each answer is one POST,
	 * answered only once kioskd has it on disk.  Nothing personal is asked. */
	var rating = null; /* { token, data, at: question index, box } */

	function lang() { return document.documentElement.lang === 'en' ? 'en' : 'vi'; }
	function rt(key) { return TEXT[lang()][key] || TEXT.vi[key] || ''; }
	function label(o) { return lang() === 'en' && o.text_en ? o.text_en : o.text; }

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text) e.textContent = text;
		return e;
	}

	function rateButton(cls, text, key, value) {
		var b = el('button', 'btn ' + cls, text);
		b.type = 'button';
		b.setAttribute(key, value);
		return b;
	}

	/* The rating screen of the counter tablet is the page's main heading;
	 * under a dossier's timeline it is a section of the page. */
	function heading() { return start ? 'h1' : 'h2'; }

	function rateClear() {
		rating = null;
		var s = $('screen-rate');
		if (s) s.textContent = '';
	}

	function rateSay(text) {
		if (!rating) return;
		var m = rating.box.querySelector('.rating-message');
		m.textContent = text;
		m.hidden = !text;
	}

	/* Draw the question at rating.at (or the thanks after the last). */
	function rateDraw() {
		var box = rating.box, d = rating.data, q = d.questions[rating.at];
		box.textContent = '';
		if (!q) {
			box.appendChild(el(heading(), 'rating-thanks', rt('rate_thanks')));
			box.appendChild(el('p', '', rt('rate_thanks_text')));
			box.setAttribute('data-state', 'thanks');
			if (config.mode === 'rating' && start) setTimeout(function () { reset(state.lang); }, 6000);
			return;
		}
		box.setAttribute('data-state', 'question');
		if (config.mode === 'rating') box.appendChild(el('p', 'rating-dossier', rt('rate_dossier').replace('{c}', d.code)));
		box.appendChild(el(heading(), '', label(q)));
		if (q.current) {
			var was = q.choices.filter(function (c) { return c.choice === q.current.choice; })[0];
			box.appendChild(el('p', 'rating-current', rt('rate_current').replace('{v}', was ? label(was) : q.current.choice)));
		}
		var list = el('div', 'rate-choices');
		q.choices.forEach(function (c) {
			list.appendChild(rateButton('rate-choice' + (c.satisfied ? '' : ' rate-low'), label(c), 'data-choice', c.choice));
		});
		box.appendChild(list);
		box.appendChild(el('p', 'rating-private', rt('rate_private')));
		var m = el('p', 'message rating-message');
		m.setAttribute('role', 'alert');
		m.hidden = true;
		box.appendChild(m);
	}

	/* After a choice that does not count as satisfied: the reasons, or skip. */
	function rateReasons(q, choice) {
		var box = rating.box;
		box.textContent = '';
		box.setAttribute('data-state', 'reasons');
		box.appendChild(el(heading(), '', rt('rate_reason')));
		var list = el('div', 'rate-reasons');
		q.reasons.forEach(function (r) {
			var b = rateButton('rate-reason', label(r), 'data-reason', r.reason);
			b.setAttribute('data-choice', choice);
			list.appendChild(b);
		});
		var skip = rateButton('rate-reason rate-skip', rt('rate_skip'), 'data-reason', '');
		skip.setAttribute('data-choice', choice);
		list.appendChild(skip);
		box.appendChild(list);
		var m = el('p', 'message rating-message');
		m.setAttribute('role', 'alert');
		m.hidden = true;
		box.appendChild(m);
	}

	function rateSend(choice, reason) {
		var q = rating.data.questions[rating.at], cur = rating;
		var url = '/api/rate/' + rating.token + '?question=' + encodeURIComponent(q.question) +
			'&choice=' + encodeURIComponent(choice) + (reason ? '&reason=' + encodeURIComponent(reason) : '');
		var buttons = rating.box.querySelectorAll('button');
		for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
		fetch(url, { method: 'POST', cache: 'no-store', credentials: 'omit' }).then(function (res) {
			if (cur !== rating) return;
			if (res.ok) { rating.at++; rateDraw(); return; }
			for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
			rateSay(res.status === 429 ? rt('rate_limited') : rt('rate_failed'));
		}).catch(function () {
			if (cur !== rating) return;
			for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
			rateSay(rt('rate_failed'));
		});
	}

	function rateClick(ev) {
		var b = ev.target.closest && ev.target.closest('button');
		if (!b || !rating || b.disabled) return;
		var q = rating.data.questions[rating.at], choice = b.getAttribute('data-choice');
		if (!q || !choice) return;
		if (b.hasAttribute('data-reason')) { rateSend(choice, b.getAttribute('data-reason')); return; }
		var c = q.choices.filter(function (x) { return x.choice === choice; })[0];
		if (c && !c.satisfied && q.reasons.length) rateReasons(q, choice);
		else rateSend(choice, '');
	}

	/* Fetch TOKEN's questions and draw them into BOX; NOTYET: what to say
	 * when the dossier cannot be rated (null: say nothing, draw nothing). */
	function rateLoad(token, box, notyet) {
		var cur = rating = { token: token, data: null, at: 0, box: box };
		fetch('/api/rating/' + token, { cache: 'no-store', credentials: 'omit' }).then(function (res) {
			return res.ok ? res.json() : null;
		}).then(function (d) {
			if (cur !== rating) return;
			if (!d || !d.can_rate || !d.questions.length) {
				if (notyet) { box.textContent = ''; box.appendChild(el('p', 'message', notyet(d))); }
				return;
			}
			rating.data = d;
			box.hidden = false;
			rateDraw();
		}).catch(function () {});
	}

	/* Rating mode: the rating screen of the dossier of TOKEN. */
	function rateScreen(token) {
		var box = $('screen-rate');
		box.textContent = '';
		show('screen-rate');
		rateLoad(token, box, function (d) {
			return d && !d.finished ? rt('rate_not_finished') : rt('no_dossier');
		});
	}

	/* A dossier page (kiosk mode): the rating under the timeline. */
	function rateOnDossier() {
		var m = /^\/d\/(?:[A-Za-z0-9_-]{2}\/)?([A-Za-z0-9_-]{22})(?:\.html)?$/.exec(location.pathname);
		var main = $('main');
		if (!m || !main || !document.body.classList.contains('page-dossier')) return;
		var box = el('section', 'rating');
		box.id = 'rating';
		box.hidden = true;
		var actions = main.querySelector('p.actions');
		main.insertBefore(box, actions);
		rateLoad(m[1], box, null);
	}

	/* Rating mode's start screen: the rating, not the lookup. */
	function rateMode() {
		document.body.classList.add('mode-rating');
		if (!start) return;
		document.querySelector('#screen-start h1').setAttribute('data-i18n', 'rate_welcome');
		document.querySelector('#go-lookup .tile-title').setAttribute('data-i18n', 'rate_lookup');
		document.querySelector('#go-lookup .tile-text').setAttribute('data-i18n', 'rate_lookup_text');
		applyLang();
	}

	/* ---- idle ---------------------------------------------------------- */

	var idleTimer = null;

	function idle() {
		if (start) { reset('vi'); return; }
		location.replace('/');
	}

	function touch() {
		/* The wallboard is a hall screen nobody touches: it never resets. */
		if (document.body.classList.contains('page-board')) return;
		clearTimeout(idleTimer);
		idleTimer = setTimeout(idle, config.idle_seconds * 1000);
	}

	/* ---- start --------------------------------------------------------- */

	function wire() {
		if (start) {
			buildLetters();
			$('go-lookup').addEventListener('click', function () { show('screen-entry'); renderEntry(); });
			$('entry-cancel').addEventListener('click', function () { reset(state.lang); });
			$('entry-submit').addEventListener('click', lookup);
			$('field-code').addEventListener('click', function () { state.field = 'code'; renderEntry(); });
			$('field-check').addEventListener('click', function () { state.field = 'check'; renderEntry(); });
			document.querySelector('main').addEventListener('click', function (ev) {
				var k = ev.target.closest && ev.target.closest('[data-key]');
				if (k) press(k.getAttribute('data-key'));
			});
			$('lang-toggle').addEventListener('click', function () {
				state.lang = state.lang === 'vi' ? 'en' : 'vi';
				applyLang();
			});
		}
		document.addEventListener('click', function (ev) {
			if (ev.target.closest && ev.target.closest('#screen-rate, #rating')) rateClick(ev);
		});
		document.addEventListener('keydown', onKey, true);
		['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'].forEach(function (e) {
			document.addEventListener(e, touch, { passive: true, capture: true });
		});
	}

	// Data age: when kioskd says its data has not been confirmed current for
	// a while (cut off from the distribution point), every page says since
	// when, so that nobody takes an old status for today's.
	function two(n) { return (n < 10 ? '0' : '') + n; }

	function showDataAge(c) {
		var el = $('data-age');
		if (!c.stale || !(c.verified_at > 0)) {
			if (el) el.parentNode.removeChild(el);
			return;
		}
		var d = new Date(c.verified_at * 1000);
		var when = two(d.getHours()) + ':' + two(d.getMinutes()) + ' ' + two(d.getDate()) + '/' +
			two(d.getMonth() + 1) + '/' + d.getFullYear();
		var lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
		if (!el) {
			el = document.createElement('p');
			el.id = 'data-age';
			el.className = 'data-age';
			el.setAttribute('role', 'status');
			document.body.insertBefore(el, document.body.firstChild);
		}
		el.textContent = (TEXT[lang].data_age).replace('{t}', when);
	}

	function checkDataAge() {
		fetch('/api/config', { cache: 'no-store', credentials: 'omit' })
			.then(function (r) { return r.json(); }).then(showDataAge).catch(function () {});
	}

	function init() {
		var retry = parseInt(document.body.getAttribute('data-retry') || '0', 10);
		if (retry > 0) setTimeout(function () { location.reload(); }, retry * 1000);
		wire();
		if (start) {
			var q = /[?&]lang=en(&|$)/.test(location.search) ? 'en' : 'vi';
			reset(q);
		}
		fetch('/api/config', { cache: 'no-store' }).then(function (r) { return r.json(); })
			.then(function (c) {
				config.office = c.office || '';
				config.idle_seconds = c.idle_seconds > 0 ? c.idle_seconds : 60;
				config.mode = c.mode === 'rating' ? 'rating' : 'kiosk';
				if (config.mode === 'rating') rateMode();
				else if (c.ratings) rateOnDossier();
				renderEntry();
				showDataAge(c);
				touch();
			}).catch(touch);
		setInterval(checkDataAge, 30000);
		document.body.setAttribute('data-ready', '1');
	}

	init();
})();
