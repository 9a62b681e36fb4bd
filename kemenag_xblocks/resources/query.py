"""What a catalogue search asks the database: the words of the query, as each engine's full-text
syntax, with every operator character removed (a query is data, never syntax). Pure."""

import re

MAX_TERMS = 8
# MariaDB's InnoDB full-text index ignores words shorter than innodb_ft_min_token_size (3).
MIN_LENGTH = {"mysql": 3, "sqlite": 1}
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(text, min_length=1):
    """Lower-cased distinct words, at most ``MAX_TERMS``, in order."""
    words = [word.lower() for word in _WORD.findall(str(text or "")[:300]) if "_" not in word]
    return [word for word in dict.fromkeys(words) if len(word) >= min_length][:MAX_TERMS]


def fts5_match(words):
    """SQLite FTS5: every word as a quoted prefix, all required (``"toleran"* AND "agama"*``)."""
    return " AND ".join(f'"{word}"*' for word in words)


def boolean_match(words):
    """MariaDB boolean mode: every word required, as a prefix (``+toleran* +agama*``)."""
    return " ".join(f"+{word}*" for word in words)
