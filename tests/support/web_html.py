"""A small strict HTML tree for the web tests (not a test module): parse a page, find elements, read text.

Strict on purpose: every element the templates open must be closed in order, so a template that
emits broken markup fails the tests that read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask.testing import FlaskClient

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list[Node]:
        """Elements by tag and attributes (`class_` for class; True: the attribute is present)."""
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if all(_matches(node, name.rstrip("_").replace("_", "-"), want) for name, want in attrs.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs: str | bool) -> Node:
        """The first match; fails the test if there is none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]

    def by_id(self, ident: str) -> Node:
        return self.find(id=ident)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed, without the glossary's bracketed expansions (span.gloss): the
        sentences the engine and the templates write, as the tests that read them expect."""
        parts: list[str] = []
        glue = False  # an <abbr> is a word inside its sentence: "(<abbr>IHC</abbr> 3+" reads "(IHC 3+"
        for child in self.children:
            if isinstance(child, Node) and "gloss" in (child.attrs.get("class") or "").split():
                continue
            inline = isinstance(child, Node) and child.tag == "abbr"
            words = child if isinstance(child, str) else child.text
            if parts and (inline or glue):
                parts[-1] += words
            else:
                parts.append(words)
            glue = inline
        return " ".join(" ".join(parts).split())

    def has(self, name: str) -> bool:
        return name in self.attrs

    def __getitem__(self, name: str) -> str:
        value = self.attrs[name]
        return "" if value is None else value


def _matches(node: Node, name: str, want: str | bool) -> bool:
    if want is True:
        return name in node.attrs
    if want is False:
        return name not in node.attrs
    value = node.attrs.get(name)
    if value is None:
        return False
    return want in value.split() if name == "class" else value == want


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"<{tag}> repeats an attribute: {names}"
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}> closes a void element"
        open_tag = self.stack[-1].tag
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    """The document's tree; fails on mismatched or unclosed tags."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


def get_page(client: FlaskClient, path: str, query: dict[str, str] | None = None, status: int = 200) -> Node:
    """GET a page through Flask's test client, check its status and that it is HTML, and parse it."""
    response = client.get(path, query_string=query or {})
    assert response.status_code == status, response.text[:500]
    assert response.mimetype == "text/html"
    return parse_html(response.text)
