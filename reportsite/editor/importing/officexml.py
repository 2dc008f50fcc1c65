"""The XML of office files (Word's XML files, an OpenDocument text's content, an OFD package's
parts): parsed with no DTD or entity loaded (an office file declares none, and one that does
is refused), and walked in document order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from .sources import SourceError


def parse(data: bytes, damaged: str) -> etree._Element:
    """The document's root; SourceError `damaged` (a message with a detail) if it is no XML or
    declares a DTD."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise SourceError(damaged, detail=str(error)) from error
    if root.getroottree().docinfo.doctype:
        raise SourceError(damaged, detail="DOCTYPE")
    return root


def within(
    element: etree._Element, tags: frozenset[str], passed: Callable[[etree._Element], bool]
) -> Iterator[etree._Element]:
    """The elements of these tags inside element, in document order, not looked inside; the
    elements `passed` says are no text of the report passed over whole. Walked with a stack,
    so a file nested deep costs no stack."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in tags:
            yield child
        elif not passed(child):
            stack.append(iter(child))
