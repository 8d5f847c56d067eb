"""A PDF page's text as lines a reader would see: pieces of text on one line joined (a wide gap,
as between two cells of a table, becomes a tab), a wide vertical gap a blank line; then the
running headers, footers and page numbers removed, and the pages joined so that a sentence or a
list cut by a page break reads on."""

from __future__ import annotations

import re

# pdfium marks a hyphen that ends a line with one of these: the word goes on at the next line
_LINE_END_HYPHENS = ("\ufffe", "\x02")


def page_lines(textpage) -> list[str]:
    """The lines of a page of a PDF, from its text layer."""
    return laid_out(_text_layer_lines(textpage))


def _text_layer_lines(textpage) -> list[list]:
    """Each text rectangle pdfium finds is a run of characters on one line; a run that starts
    to the right of the last one, at the same height, continues its line."""
    lines: list[list] = []  # [top, bottom, left, right, text, height], y upwards
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ")
        if text.strip():
            _add_piece(lines, top, bottom, left, right, text)
    return lines


def ocr_lines(tsv: str) -> list[str]:
    """The lines of a scanned page, from Tesseract's TSV (one row a word, with its box)."""
    lines: list[list] = []
    current = None
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(v) for v in cells[6:10])
        line_id = tuple(cells[2:5])  # block, paragraph, line
        if line_id != current:
            current = line_id
            lines.append([-top, -(top + height), left, left + width, cells[11], height])
        else:
            _add_piece(lines, -top, -(top + height), left, left + width, cells[11], same_line=True)
    return laid_out(lines)


def _add_piece(
    lines: list[list], top: float, bottom: float, left: float, right: float, text: str, same_line: bool = False
) -> None:
    """A piece of text is added to the last line when it is at its height and to its right
    (a wide gap, as between two cells of a table, becomes a tab), else starts a line."""
    height = max(1.0, top - bottom)
    if lines:
        line = lines[-1]
        overlap = min(top, line[0]) - max(bottom, line[1])
        if same_line or (overlap >= 0.5 * min(height, line[5]) and left >= line[3] - 1):
            gap = left - line[3]
            if gap > 2 * max(height, line[5]):
                line[4] = line[4].rstrip() + "\t" + text.lstrip()
            else:
                line[4] = (
                    line[4]
                    + ("" if line[4].endswith((" ",) + _LINE_END_HYPHENS) or text.startswith(" ") else " ")
                    + text
                )
            line[0], line[1], line[3], line[5] = (
                max(top, line[0]),
                min(bottom, line[1]),
                max(right, line[3]),
                max(height, line[5]),
            )
            return
    lines.append([top, bottom, left, right, text, height])


def laid_out(lines: list[list]) -> list[str]:
    """Lines as a reader sees them: a wide vertical gap is a blank line (two for a wider one),
    and a line that the layout wrapped (it reaches the right margin and the next one follows at
    the paragraph's pitch) is joined to the next, so that a sentence reads on one line."""
    if not lines:
        return []
    # the line pitch inside a paragraph is the page's smallest usual one; a pitch well above it
    # is the space between paragraphs, or more
    pitches = sorted(a[0] - b[0] for a, b in zip(lines, lines[1:]) if 0 < a[0] - b[0] < 6 * a[5])
    usual = pitches[len(pitches) // 5] if pitches else None
    rights = sorted(line[3] for line in lines)
    margin_right = rights[int(len(rights) * 0.9)]
    width = margin_right - min(line[2] for line in lines)
    out: list[str] = []
    wrapped = False  # the last line was cut by the layout
    for previous, line in zip([None, *lines], lines):
        text = line[4].rstrip()
        if previous is not None and usual:
            pitch = previous[0] - line[0]
            if pitch > 2.4 * usual:
                out.extend(["", ""])
            elif pitch > 1.25 * usual:
                out.append("")
            elif wrapped and pitch > 0 and not _STARTS_ANEW.match(text) and not _caps_heading(text, out[-1]):
                above = out.pop()  # this line goes on the one above
                text = above + ("" if above.endswith(_LINE_END_HYPHENS) else " ") + text.lstrip()
        out.append(text)
        wrapped = line[3] >= margin_right - 0.12 * width and "\t" not in line[4]
    return out


def _caps_heading(text: str, above: str) -> bool:
    """A heading in capitals under a line that is not: a few words at least (a surname in
    capitals that the wrap sent to the next line is not one)."""
    return text.isupper() and not above.isupper() and len(text.split()) >= 3


# A line that opens an item, whatever the line above: a bullet, « 1. », « 2) », « a) », « IV. »
_STARTS_ANEW = re.compile(
    r"^\s*(?:[-–—•·▪●◦■□➢➤►*]\s|\d{1,2}(?:\.\d{1,2})*[.)°]\s|[a-zA-Z][.)]\s|[IVX]{1,5}[.)]\s)|.*\t"
)


_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:page\s*)?#(?:\s*(?:/|sur|de)\s*#)?[-–—\s]*$", re.I)
_EDGE = 2  # lines at the top and at the bottom of a page where running lines are looked for


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without their running headers and footers and their page numbers. A running
    line is found at the top or the bottom of at least half the pages, and of three at least:
    the same words, or the same words with a number that follows the pages (« Page 3 sur 15 »,
    « Convention … – 4 »), so that headings that happen to open pages are kept."""
    edges = [_edge_indexes(page) for page in pages]
    seen: dict[str, list[tuple[int, list[int]]]] = {}
    for number, (page, indexes) in enumerate(zip(pages, edges)):
        for key, numbers in {_key(page[i]): _numbers(page[i]) for i in indexes}.items():
            seen.setdefault(key, []).append((number, numbers))
    threshold = max(3, (len(pages) + 1) // 2)
    running = {
        key for key, found in seen.items() if len(found) >= threshold and ("#" not in key or _follows_pages(found))
    }
    out = []
    for page, indexes in zip(pages, edges):
        drop = {i for i in indexes if _key(page[i]) in running or _PAGE_NUMBER.match(_key(page[i]))}
        out.append([line for i, line in enumerate(page) if i not in drop])
    return out


def _numbers(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d{1,6}", line)]


def _follows_pages(found: list[tuple[int, list[int]]]) -> bool:
    """Between any two pages where the line is found, one of its numbers moved on as the pages did."""
    return all(
        any(b - a == page_b - page_a for a, b in zip(numbers_a, numbers_b))
        for (page_a, numbers_a), (page_b, numbers_b) in zip(found, found[1:])
    )


def _edge_indexes(page: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))


_SENTENCE_END = (".", "!", "?", ":", "»", ")")


def joined(pages: list[list[str]]) -> str:
    """The document's text: pages separated by a blank line, except where the text runs on
    across the break (a line that does not end its sentence followed by one that starts in
    lower case, or a word cut by a hyphen), which is joined as any two lines."""
    text = ""
    for page in pages:
        body = "\n".join(page).strip("\n")
        if not body:
            continue
        if text:
            last = text.rstrip().rsplit("\n", 1)[-1].rstrip()
            first = body.lstrip()[:1]
            runs_on = last.endswith(_LINE_END_HYPHENS) or (first.islower() and not last.endswith(_SENTENCE_END))
            text = text.rstrip() + ("\n" if runs_on else "\n\n\n") + body.lstrip("\n")
        else:
            text = body
    return _rejoin_hyphenated(text)


def _rejoin_hyphenated(text: str) -> str:
    """A word cut at a line's end by a hyphen is put together, hyphen kept (« Ivry-sur-\nSeine »
    is « Ivry-sur-Seine »; the hyphen is the document's own more often than not in French)."""
    for mark in _LINE_END_HYPHENS:
        text = text.replace(mark + "\n", "-").replace(mark, "-")
    return text
