#!/usr/bin/env python3
"""Number and date style of the visible text of HTML pages.

Usage: t0212-number-style-lib.py FILE...
Prints one line per offence and a count; exits 1 when there is one.  Only
text a reader sees is checked: tags, attribute values (so <time datetime>),
scripts and styles are left out.  Each run of text is checked against the
language of its element (the nearest lang attribute), so the other
language's half of a dossier page is held to its own forms.
"""
import html
import html.parser
import re
import sys

ISO = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
# Vietnamese groups thousands with points (1.234): a point before other than
# three digits is a decimal point.
# A procedure's code (1.001669) is no number.
VI_POINT = re.compile(r"(?<![\d.])(?!\d\.\d{6}(?![\d.]))\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")
# English groups with commas (1,234): a comma before other than three digits
# is a decimal comma.
EN_COMMA = re.compile(r"(?<![\d,])\d+,(?:\d{1,2}|\d{4,})(?![\d,])")
# A Vietnamese document's citation ("35/KH-UBND ngày 14/12/2018") is a name.
EN_DMY = re.compile(r"(?<!ngày )(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?!\d)")
EN_ONE = re.compile(r"(?<![\d.,])1 (?:working )?(?:hours|days|minutes)\b")
EN_VI_UNIT = re.compile(r"\d+ (?:ngày|giờ|phút)")
VI_EN_UNIT = re.compile(r"\d+ (?:working )?(?:days?|hours?|minutes?)\b")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Text(html.parser.HTMLParser):
    """The visible text as (lang, text) runs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs, self.stack = [], [("", "vi", False)]

    def handle_starttag(self, tag, attrs):
        top = self.stack[-1]
        lang = dict(attrs).get("lang") or top[1]
        if tag not in VOID:
            self.stack.append((tag, lang[:2], top[2] or tag in ("script", "style")))
        self.runs.append((top[1], " "))

    def handle_startendtag(self, tag, attrs):
        self.runs.append((self.stack[-1][1], " "))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        self.runs.append((self.stack[-1][1], " "))

    def handle_data(self, data):
        if not self.stack[-1][2]:
            self.runs.append((self.stack[-1][1], data))


def visible(src):
    """{lang: text} of SRC, each language's runs joined."""
    p = Text()
    p.feed(src)
    p.close()
    out = {}
    for lang, t in p.runs:
        out.setdefault(lang, []).append(t)
    return {k: re.sub(r"\s+", " ", "".join(v)) for k, v in out.items()}


def check(lang, text):
    rules = [("ISO date", ISO)]
    if lang == "vi":
        rules += [("decimal point", VI_POINT), ("English unit", VI_EN_UNIT)]
    else:
        rules += [("decimal comma", EN_COMMA), ("dd/mm/yyyy", EN_DMY), ("singular as plural", EN_ONE),
                  ("Vietnamese unit", EN_VI_UNIT)]
    for name, rx in rules:
        for m in rx.finditer(text):
            a = max(0, m.start() - 30)
            yield name, text[a:m.end() + 30]


def main():
    files = sys.argv[1:]
    n = 0
    for fn in files:
        with open(fn, encoding="utf-8") as fp:
            src = fp.read()
        for lang, text in visible(src).items():
            for name, ctx in check(lang, text):
                n += 1
                print(f"{fn}: {lang}: {name}: …{ctx}…")
    print(f"{n} offences in {len(files)} pages")
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main())
