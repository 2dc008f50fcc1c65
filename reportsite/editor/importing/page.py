"""Saved web pages (and MHTML, a page in one file) → located lines, through lxml's forgiving
HTML parser: one line per block element, bold spans (<strong>, <b>, font-weight) kept for lead
phrases, <h1>–<h4> marked as headings; scripts, styles, forms, navigation and hidden text
removed before anything is read. The page's own tags (ArticleTitle, PubDate, ContentSource,
<title>) are kept as its metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from .lines import Line
from .sources import MAX_LINES, Read, SourceError, clean, cleaned_places, damaged_lines, decode

_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "select", "option", "button", "input", "textarea", "nav", "head", "map", "audio", "video",
)  # fmt: skip
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr td th table br section article ul ol dl dd dt header footer "
    "aside main blockquote pre hr center form caption figure figcaption address".split()
)
_BOLD_TAGS = frozenset(("strong", "b"))
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt)?\s*(?:;|$)",
    re.IGNORECASE,
)
"""Text hidden from the reader: watermarks and traps for copiers, never report text."""
_TITLE_CLASS = re.compile(
    r"(?<!sub)(?<!sub[-_])tit(le)?(?![a-z])|biaoti|(?<![a-z])(wz|xx|art|news|con)?bt(?![a-z])",
    re.IGNORECASE,
)
"""The class a CMS gives the article's heading when it is no <h1>: wztit, art-title, xxgk_title."""
_CENTRED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)


def read_mhtml(data: bytes) -> Read:
    """A page saved as one file (MHTML: Chromium's and Edge's "Webpage, Single File", Word's
    "Single File Web Page", which systems also write and name .doc): its first HTML part, its
    transfer encoding undone, read as a saved page. Read as text, its quoted-printable was
    imported as the report (=E5=8F=91…)."""
    import email

    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        charset = part.get_content_charset()
        try:
            text, encoding = (payload.decode(charset), charset) if charset else decode(payload)
        except (LookupError, UnicodeDecodeError):
            text, encoding = decode(payload)
        return read_page(text, encoding, part.get("Content-Location") or "")
    raise SourceError("import-bad-html", detail="MHTML without a page")


def read_page(text: str, encoding: str, location: str = "") -> Read:
    """A saved page's lines, and what it says of itself; `location` is where it was fetched
    from, if the file says (an MHTML part's Content-Location)."""
    import lxml.html
    from lxml import etree

    # The declaration was honoured when decoding; lxml refuses a str that still carries it.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text or "<p></p>")
    except (etree.ParserError, ValueError) as error:
        raise SourceError("import-bad-html", detail=str(error)) from error
    meta = _html_meta(root)
    # Read before the head and frames are stripped.
    attached = tuple(_attachments(root, _address(root, text) or location))
    etree.strip_elements(root, *_DROP, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for hidden in root.xpath("//*[@style or @hidden]"):
        if hidden.get("hidden") is not None or _HIDDEN.search(hidden.get("style", "")):
            hidden.drop_tree()
    return Read("html", tuple(_html_lines(root)), encoding, meta, attached, damaged_lines(text))


_ATTACHMENT: Final = re.compile(r"\.(docx?|wps|odt|rtf|pdf|ofd)$", re.IGNORECASE)
"""A document's address, by the end of its path."""


_SAVED_FROM: Final = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
"""The mark a browser leaves on a page it saves: where the page was."""


def _address(root: Any, text: str) -> str:
    """Where the page was on the web, as it says: its <base>, the mark of a browser that
    saved it, its canonical address; "" if it does not say."""
    saved = _SAVED_FROM.search(text[:2048])
    for found in (
        root.xpath("//base/@href"),
        [saved.group(1)] if saved else [],
        root.xpath("//link[@rel='canonical']/@href"),
        root.xpath("//meta[@property='og:url']/@content"),
    ):
        if found and str(found[0]).startswith(("http://", "https://")):
            return str(found[0])
    return ""


def _attachments(root: Any, base: str) -> Iterator[tuple[int, str, str]]:
    """The page's links to documents, and documents it shows in a frame (a PDF viewer's
    file=): line, text (the file's name if none), address (whole, if the page says where it
    was)."""
    from urllib.parse import parse_qs, urljoin, urlsplit

    for element in root.iter("a", "iframe", "embed", "object"):
        address = (element.get("href") or element.get("src") or element.get("data") or "").strip()
        shown = parse_qs(urlsplit(address).query).get("file", [])
        if element.tag != "a" and shown:  # pdf.js and the like: viewer.html?file=…
            address = shown[0]
        path = urlsplit(address).path
        if _ATTACHMENT.search(path):
            name = path.rsplit("/", 1)[-1]
            text = clean(element.text_content()) if element.tag == "a" else ""
            yield element.sourceline or 0, text or name, urljoin(base, address) if base else address


def _html_meta(root: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        name = (element.get("name") or "").lower()
        content = clean(element.get("content") or "")
        if name == "articletitle" and content:
            meta["title"] = content
        elif name == "pubdate" and content:
            meta["published"] = content
        elif name == "contentsource" and content:
            meta["issuer"] = content
    if "title" not in meta:
        title = root.find(".//title")
        if title is not None and title.text_content().strip():
            # "<article> - <site>" or "<article>_<column>_<site>": the article comes first.
            meta["page_title"] = clean(re.split(r"\s*[-_|—–]\s*", title.text_content())[0])
    return meta


class _Collector:
    """Text of the page, one line per block element; bold spans, heading levels and centring
    tracked on the way. Walks events, not recursion, so nesting depth costs nothing."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.text = ""
        self.bold: list[tuple[int, int]] = []
        self.number = 1
        self.heading = 0
        self.centred = False
        self.titled = False
        self.bold_depth = 0
        self.bold_start = 0

    def add(self, text: str | None, number: int | None) -> None:
        if not text:
            return
        if not self.text.strip():
            self.number = number or self.number
        self.text += text

    def flush(self) -> None:
        if self.bold_depth:
            self._close_bold()
        raw = self.text
        cleaned, places = cleaned_places(raw)
        if cleaned:
            # Measured on the line: a page's text is full of runs of spaces and line ends.
            spans = tuple(
                (places[a], places[b])
                for a, b in self.bold
                if raw[a:b].strip() and places[a] < places[b]
            )
            if len(self.lines) >= MAX_LINES:
                raise SourceError("import-too-many-lines", limit=MAX_LINES)
            self.lines.append(
                Line(cleaned, self.number, spans, self.heading, self.centred, titled=self.titled)
            )
        self.text, self.bold, self.heading, self.centred = "", [], 0, False
        self.titled = False
        if self.bold_depth:
            self.bold_start = 0

    def _close_bold(self) -> None:
        if len(self.text) > self.bold_start:
            if self.bold and self.bold[-1][1] == self.bold_start:
                self.bold[-1] = (self.bold[-1][0], len(self.text))
            else:
                self.bold.append((self.bold_start, len(self.text)))

    def start_bold(self) -> None:
        if not self.bold_depth:
            self.bold_start = len(self.text)
        self.bold_depth += 1

    def end_bold(self) -> None:
        self.bold_depth -= 1
        if not self.bold_depth:
            self._close_bold()


def _html_lines(root: Any) -> Iterator[Line]:
    from lxml import etree

    body = root.find("body")
    collect = _Collector()
    for event, element in etree.iterwalk(body if body is not None else root, ("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        style = element.get("style", "")
        bold = tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(style))
        if event == "start":
            if tag in _BLOCK:
                collect.flush()
                if tag in ("h1", "h2", "h3", "h4"):
                    collect.heading = 1 if tag in ("h1", "h2") else 2
                elif _TITLE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"):
                    collect.titled = True
                if element.get("align", "").lower() == "center" or _CENTRED.search(style):
                    collect.centred = True
            if bold:
                collect.start_bold()
            collect.add(element.text, element.sourceline)
        else:
            if bold:
                collect.end_bold()
            if tag in _BLOCK:
                collect.flush()
            collect.add(element.tail, element.sourceline)
    collect.flush()
    yield from collect.lines
