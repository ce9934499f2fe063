#!/usr/bin/env python3
"""Crawl a published site from its two home pages (index.html and
en/index.html) along every link, as a visitor would, and check that each
page reached has a working link to the same page in the other language.

  t0211-lang-links-lib.py SITE_DIR

A page at P (relative to the site root) is Vietnamese; its English
counterpart is en/P, and the other way round.  For every page reached:
its <html lang> is "vi" or "en" as its place says; its language switch
(<li class="lang"><a lang=..>) leads exactly to the counterpart; the
counterpart exists and is in the other language.  Every link into the site
must lead to a file that exists.  The dossier pages (d/...) are one page
for both languages and are left out.  Prints the counts; exit 1 on a fault.
"""
import os
import posixpath
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.links = []     # every href
        self.switch = []    # hrefs of the language switch
        self._in_lang_li = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "li" and "lang" in (a.get("class") or "").split():
            self._in_lang_li += 1
        elif tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
            if self._in_lang_li:
                self.switch.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "li" and self._in_lang_li:
            self._in_lang_li -= 1


def parse(site, rel):
    p = Page()
    with open(os.path.join(site, rel), encoding="utf-8") as f:
        p.feed(f.read())
    return p


def resolve(rel, href):
    """The site path HREF on page REL leads to, or None when it leaves the site."""
    u = urlsplit(href)
    if u.scheme or u.netloc or not u.path:
        return None  # another site, or a fragment of this page
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(u.path)))
    if path.startswith("../") or path == "..":
        return "<outside the site>"
    if href.endswith("/") or u.path.endswith("/"):
        path = posixpath.join(path, "index.html")
    return path


def counterpart(rel):
    return rel[3:] if rel.startswith("en/") else "en/" + rel


def main():
    site = sys.argv[1]
    seen, todo, faults = set(), ["index.html", "en/index.html"], []
    pages = {"vi": 0, "en": 0}
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        if not os.path.isfile(os.path.join(site, rel)):
            faults.append(f"{rel}: linked but missing")
            continue
        if not rel.endswith(".html"):
            continue  # a data file, a stylesheet, an image: there, that is all
        p = parse(site, rel)
        for href in p.links:
            t = resolve(rel, href)
            if t == "<outside the site>":
                faults.append(f"{rel}: link {href} leaves the site")
            elif t and t not in seen:
                todo.append(t)
        if rel.startswith("d/"):
            continue  # a dossier page holds both languages
        want = "en" if rel.startswith("en/") else "vi"
        if p.lang != want:
            faults.append(f"{rel}: lang={p.lang!r}, want {want!r}")
            continue
        pages[want] += 1
        other = counterpart(rel)
        targets = [resolve(rel, h) for h in p.switch]
        if not targets:
            faults.append(f"{rel}: no link to its other-language page {other}")
        elif targets != [other]:
            faults.append(f"{rel}: language switch leads to {targets}, not {other}")
        elif not os.path.isfile(os.path.join(site, other)):
            faults.append(f"{rel}: its other-language page {other} does not exist")
        else:
            q = parse(site, other)
            if q.lang != ("vi" if want == "en" else "en"):
                faults.append(f"{other}: lang={q.lang!r}, the language of {rel}'s counterpart")
    print(f"reached {pages['vi']} Vietnamese and {pages['en']} English pages, "
          f"{len(seen)} files in all; {len(faults)} faults")
    for f in faults[:40]:
        print("  " + f)
    return 1 if faults or pages["vi"] == 0 or pages["vi"] != pages["en"] else 0


if __name__ == "__main__":
    sys.exit(main())
