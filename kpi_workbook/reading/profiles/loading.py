"""Read a profile file (TOML) into a :class:`Profile`, or say at which line it is wrong.

A planning clerk writes this file by hand, copying a built-in one: every mistake must come
back as a sentence naming the line and what the line should hold (an unknown key, a label
list that is not a list of texts, a layout that does not exist, a choice outside its list),
never as a Python exception.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from kpi_workbook.domain import choices as C
from kpi_workbook.domain.errors import KpiWorkbookError, os_detail, os_reason
from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.reading.profiles import (
    AUTO,
    EXTRA_FIELDS,
    FIELD_LABELS,
    KPI_COLUMNS,
    KPI_FIELDS,
    LAYOUTS,
    TABLE_PARTS,
    VOCABULARIES,
    YEAR_GROUPS,
    FieldSpec,
    Layout,
    Profile,
    ValueRules,
    builtin_names,
    builtin_text,
)

_TABLES: Final = ("profile", "fields", "table", "columns", "years", "kpi", "values",
                  "vocabulary")
_PROFILE_KEYS: Final = ("name", "title", "title_en", "layout", "detect", "required")
_FIELD_KEYS: Final = (*FIELD_LABELS, *EXTRA_FIELDS)
_LISTS: Final[Mapping[str, C.ChoiceList]] = {"effect": C.EFFECT, "policy": C.POLICY,
                                             "rating": C.RATING}
#: Which tables each layout reads (a table another layout reads is a mistake: said).
_LAYOUT_TABLES: Final[Mapping[str, tuple[str, ...]]] = {
    "rows": ("profile", "fields", "table", "values", "vocabulary"),
    "fields": ("profile", "fields", "kpi", "values", "vocabulary"),
    "table": ("profile", "fields", "columns", "years", "values", "vocabulary"),
}


class ProfileError(KpiWorkbookError):
    """A profile file that cannot be used; the issue names the file and line."""


def _error(source: str, line: int | None, ja: str, en: str, detail: str | None = None,
           ) -> ProfileError:
    at = Phrase(f"{line} 行目: ", f"line {line}: ") if line else Phrase("", "")
    return ProfileError(Issue("profile-invalid", Location(Path(source)), {
        "reason": Phrase(at.ja + ja, at.en + en)}, detail=detail))


class _Lines:
    """Where a table or key is written in the file (tomllib keeps no positions)."""

    _HEADER_RE: Final = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    _KEY_RE: Final = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")

    def __init__(self, text: str) -> None:
        self.tables: dict[str, int] = {}
        self.keys: dict[tuple[str, str], int] = {}
        current = ""
        for number, line in enumerate(text.splitlines(), start=1):
            m = self._HEADER_RE.match(line)
            if m:
                current = m.group(1).replace(" ", "")
                self.tables.setdefault(current, number)
                continue
            m = self._KEY_RE.match(line)
            if m:
                self.keys.setdefault((current, m.group(1).strip("\"'")), number)

    def of(self, table: str, key: str | None = None) -> int | None:
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        return self.tables.get(table)


def _load_toml(text: str) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def parse_profile(text: str, source: str) -> Profile:
    """A profile from its TOML text.

    Raises:
        ProfileError: the text is no TOML, or says something a profile cannot (each
            message names the line).
    """
    try:
        data = _load_toml(text)
    except ValueError as exc:  # TOMLDecodeError
        line = _toml_error_line(str(exc))
        raise _error(source, line, "TOML の書き方が正しくありません（かっこ・引用符・「=」を"
                     "確認してください）", "the TOML text has a mistake (check brackets, "
                     "quotes and '=')", str(exc)[:300]) from exc
    return _Reader(data, _Lines(text), source).profile()


def _toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


class _Reader:
    def __init__(self, data: Mapping[str, object], lines: _Lines, source: str) -> None:
        self.data, self.lines, self.source = data, lines, source

    def fail(self, table: str, key: str | None, ja: str, en: str) -> ProfileError:
        return _error(self.source, self.lines.of(table, key), ja, en)

    def profile(self) -> Profile:
        for name, value in self.data.items():
            if name not in _TABLES:
                raise self.fail(name, None, f"「{name}」という項目はありません（使えるのは "
                                f"[{'] ['.join(_TABLES)}]）",
                                f"there is no section '{name}' (use [{'] ['.join(_TABLES)}])")
            if not isinstance(value, dict):
                raise self.fail(name, None, f"「{name}」は [{name}] の表として書いてください",
                                f"write '{name}' as a [{name}] table")
        head = self.table("profile")
        if not head:
            raise self.fail("profile", None, "[profile] の表（name, title, layout, detect）が"
                            "ありません", "the [profile] table (name, title, layout, detect) "
                            "is missing")
        self.only("profile", head, _PROFILE_KEYS)
        name = self.text("profile", head, "name")
        layout = self.text("profile", head, "layout")
        if layout not in LAYOUTS:
            raise self.fail("profile", "layout", f"layout は {' / '.join(LAYOUTS)} の"
                            f"どれかです（「{layout}」）",
                            f"layout must be one of {', '.join(LAYOUTS)} (not '{layout}')")
        for table in self.data:
            if table not in _LAYOUT_TABLES[layout]:
                raise self.fail(table, None, f"layout = \"{layout}\" の様式は [{table}] を"
                                "使いません", f"a layout = \"{layout}\" profile has no "
                                f"[{table}]")
        fields = self.specs("fields", _FIELD_KEYS)
        known = {s.key for s in fields}
        columns = self.specs("columns", (*_FIELD_KEYS, *KPI_COLUMNS))
        known |= {s.key for s in columns}
        required = self.texts("profile", head, "required", optional=True)
        for key in required:
            if key not in known:
                raise self.fail("profile", "required", f"required の「{key}」は [fields] "
                                "にも [columns] にもありません",
                                f"'{key}' in required is in neither [fields] nor [columns]")
        profile = Profile(
            name=name, title=self.text("profile", head, "title"),
            title_en=str(head.get("title_en", "")), layout=self._layout(layout),
            detect=self.texts("profile", head, "detect"), required=required,
            fields=fields, table=self.label_map("table", TABLE_PARTS),
            columns=columns, years=self.label_map("years", YEAR_GROUPS),
            kpi=self.specs("kpi", tuple(KPI_FIELDS)), values=self.value_rules(),
            vocabulary=self.vocabulary(), source=self.source)
        self.complete(profile)
        return profile

    @staticmethod
    def _layout(text: str) -> Layout:
        return "rows" if text == "rows" else "fields" if text == "fields" else "table"

    def complete(self, p: Profile) -> None:
        """What each layout cannot do without."""
        need: dict[str, tuple[tuple[str, ...], str]] = {
            "rows": (("start", "target", "actual"), "table"),
            "table": (("name",), "columns"),
            "fields": (("target", "actual"), "kpi"),
        }
        keys, table = need[p.layout]
        have = set(p.table) if p.layout == "rows" else {
            s.key for s in (p.columns if p.layout == "table" else p.kpi)}
        if p.layout == "fields" and not any(s.key == "name" for s in p.fields):
            raise self.fail("fields", None, "[fields] に name（事業名の見出し）がありません",
                            "[fields] has no name (the label of the project's name)")
        for key in keys:
            if key not in have:
                raise self.fail(table, None, f"[{table}] に {key} がありません",
                                f"[{table}] has no {key}")

    def table(self, name: str) -> Mapping[str, object]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    def only(self, table: str, data: Mapping[str, object], keys: tuple[str, ...]) -> None:
        for key in data:
            if key not in keys:
                raise self.fail(table, key, f"[{table}] に「{key}」という項目はありません"
                                f"（使えるのは {', '.join(keys)}）",
                                f"[{table}] has no key '{key}' (use {', '.join(keys)})")

    def text(self, table: str, data: Mapping[str, object], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(table, key, f"[{table}] の {key} を文字列（\"…\"）で書いてください",
                            f"write [{table}] {key} as a text (\"…\")")
        return value.strip()

    def texts(self, table: str, data: Mapping[str, object], key: str, *,
              optional: bool = False) -> tuple[str, ...]:
        value = data.get(key)
        if value is None and optional:
            return ()
        if isinstance(value, str):
            value = [value]
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) and v.strip() for v in value)):
            raise self.fail(table, key, f"[{table}] の {key} は文字列の並び（[\"…\", \"…\"]）"
                            "で書いてください", f"write [{table}] {key} as a list of texts "
                            "([\"…\", \"…\"])")
        return tuple(v.strip() for v in value)

    def specs(self, table: str, keys: tuple[str, ...]) -> tuple[FieldSpec, ...]:
        data = self.table(table)
        self.only(table, data, keys)
        out: list[FieldSpec] = []
        for key, value in data.items():
            if isinstance(value, dict):
                self.only(f"{table}.{key}", value, ("labels", "below", "join"))
                flags = {}
                for flag in ("below", "join"):
                    if flag in value and not isinstance(value[flag], bool):
                        raise self.fail(table, key, f"{key} の {flag} は true か false です",
                                        f"{flag} of {key} is true or false")
                    flags[flag] = bool(value.get(flag, False))
                out.append(FieldSpec(key, self.texts(table, value, "labels"), **flags))
            else:
                out.append(FieldSpec(key, self.texts(table, data, key)))
        return tuple(out)

    def label_map(self, table: str, keys: Mapping[str, str] | tuple[str, ...],
                  ) -> dict[str, tuple[str, ...]]:
        data = self.table(table)
        self.only(table, data, tuple(keys))
        return {key: self.texts(table, data, key) for key in data}

    def value_rules(self) -> ValueRules:
        data = self.table("values")
        self.only("values", data, ("split", "stacked", "named"))
        split = data.get("split")
        if split is not None and (not isinstance(split, str) or len(split.strip()) != 1):
            raise self.fail("values", "split", "split は 1 文字の区切り（\"・\" など）です",
                            "split is one separating character (\"・\", say)")
        flags = {}
        for key in ("stacked", "named"):
            value = data.get(key, False)
            if not isinstance(value, bool):
                raise self.fail("values", key, f"{key} は true か false です",
                                f"{key} is true or false")
            flags[key] = value
        return ValueRules(split.strip() if isinstance(split, str) else None, **flags)

    def vocabulary(self) -> dict[str, dict[str, str]]:
        data = self.table("vocabulary")
        self.only("vocabulary", data, VOCABULARIES)
        out: dict[str, dict[str, str]] = {}
        for name, wordings in data.items():
            table = f"vocabulary.{name}"
            if not isinstance(wordings, dict):
                raise self.fail(table, None, f"[vocabulary.{name}] は「書き方 = \"選択肢\"」の"
                                "表です", f"[vocabulary.{name}] is a table of "
                                "wording = \"choice\"")
            choices = _LISTS[name]
            out[name] = {}
            for wording, choice in wordings.items():
                if not isinstance(choice, str) or choice not in choices.choices:
                    raise self.fail(table, wording, f"「{wording}」の行き先「{choice}」は"
                                    f"選択肢（{choices.describe()}）にありません",
                                    f"'{choice}' (for '{wording}') is not one of the "
                                    f"choices ({choices.describe()})")
                out[name][wording] = choice
        return out


@functools.cache
def builtin_profile(name: str) -> Profile:
    """A profile that ships with the tool (read once per process)."""
    return parse_profile(builtin_text(name), "built-in")


def default_profile() -> Profile:
    """The city's official layout."""
    return builtin_profile(builtin_names()[0])


def builtin_profiles() -> tuple[Profile, ...]:
    return tuple(builtin_profile(n) for n in builtin_names())


def resolve_profiles(choice: str | None) -> tuple[Profile, ...]:
    """What ``--profile`` names: one profile, or every built-in one for ``auto``.

    Args:
        choice: a built-in name, ``auto``, a profile file's path, or None (the default).

    Raises:
        ProfileError: an unknown name, or a file that cannot be read or used.
    """
    if choice is None:
        return (default_profile(),)
    if choice == AUTO:
        return builtin_profiles()
    if choice in builtin_names():
        return (builtin_profile(choice),)
    path = Path(choice)
    if path.suffix.lower() != ".toml" and not path.exists():
        raise ProfileError(Issue("profile-unknown", Location(path), {
            "name": choice, "names": "、".join((*builtin_names(), AUTO))}))
    return (read_profile_file(path),)


def read_profile_file(path: Path) -> Profile:
    """A user's profile file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        reason = os_reason(exc)
        raise _error(str(path), None, reason.ja, reason.en, os_detail(exc)) from exc
    except UnicodeDecodeError as exc:
        raise _error(str(path), None, "UTF-8 のテキストではありません",
                     "it is not UTF-8 text", str(exc)[:300]) from exc
    return parse_profile(text, str(path))
