"""What a catalogue search asks the database: the words of the query, as each engine's full-text
syntax, with every operator character removed (a query is data, never syntax). Pure."""

import re
import unicodedata

MAX_TERMS = 8
# A one-letter prefix would match a large part of a token table (MariaDB/MySQL).
MIN_LENGTH = {"mysql": 2, "sqlite": 1}
TOKEN_LENGTH = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(word):
    """Lower case without diacritics ("Qur'ān" and "quran" meet), at most ``TOKEN_LENGTH`` letters."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))[:TOKEN_LENGTH]


def words_of(text):
    """Every distinct folded word of ``text`` (for the token table)."""
    return list(dict.fromkeys(fold(word) for word in _WORD.findall(str(text or "")) if "_" not in word))


def terms(text, min_length=1):
    """Lower-cased distinct words, at most ``MAX_TERMS``, in order."""
    words = [fold(word) for word in _WORD.findall(str(text or "")[:300]) if "_" not in word]
    return [word for word in dict.fromkeys(words) if len(word) >= min_length][:MAX_TERMS]


def fts5_match(words):
    """SQLite FTS5: every word as a quoted prefix, all required (``"toleran"* AND "agama"*``)."""
    return " AND ".join(f'"{word}"*' for word in words)
