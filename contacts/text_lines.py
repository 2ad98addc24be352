"""Content lines of the iCalendar feed and the vCards folded at 75 octets.

Both formats say a line should be at most 75 octets long, excluding its line break (RFC 5545,
3.1; RFC 2425, 5.8.1, for vCard 3.0), and continue a longer one on the next line after a space.
vobject (0.9.9) counts characters instead, so a line of 40 Cyrillic letters (80 octets) stays
whole: `fold` unfolds vobject's lines and folds them again by octets.
"""

CRLF = "\r\n"
FOLD = CRLF + " "  # a line break followed by a space: the next line continues this one


def fold(text, octets=75):
    """`text` (CRLF-separated content lines, folded or not) with every line at most `octets`
    octets long, never split inside a character."""
    return CRLF.join(fold_line(line, octets) for line in text.replace(FOLD, "").split(CRLF))


def fold_line(line, octets):
    parts, part, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > (octets if not parts else octets - 1):  # after the fold's space
            parts.append(part)
            part, size = "", 0
        part += char
        size += width
    parts.append(part)
    return FOLD.join(parts)
