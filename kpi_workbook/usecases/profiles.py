"""The forms a run can read (``--profile``, the window's 様式 setting), for both front ends.

A front end offers the built-in profiles by their titles, ``auto`` and a profile file of
the user's own; :func:`validate_profile` reads a choice the way a run will, so a wrong file
is said when it is chosen, not after the files are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.messages import Lang
from kpi_workbook.reading.profiles import AUTO, DEFAULT, builtin_names
from kpi_workbook.reading.profiles.loading import builtin_profile, resolve_profiles

PROFILE_NAMES: Final[tuple[str, ...]] = (*builtin_names(), AUTO)
"""What ``--profile NAME`` accepts besides a file: the built-in profiles and ``auto``."""
DEFAULT_PROFILE: Final = DEFAULT


@dataclass(frozen=True, slots=True)
class ProfileChoice:
    """One entry of a front end's list of forms."""

    name: str
    title: str
    title_en: str

    def display(self, lang: Lang = "ja") -> str:
        return self.title_en if lang == "en" else self.title


_AUTO_CHOICE: Final = ProfileChoice(AUTO, "自動判別（見出しから様式を判別）",
                                    "automatic (told by the labels)")


def profile_choices() -> tuple[ProfileChoice, ...]:
    """The built-in profiles (the official layout first), then ``auto``."""
    out = [ProfileChoice(p.name, p.title, p.title_en or p.title)
           for p in (builtin_profile(n) for n in builtin_names())]
    return (*out, _AUTO_CHOICE)


def validate_profile(choice: str | None) -> str:
    """The title of what ``choice`` names (a built-in name, ``auto`` or a file's path).

    Raises:
        KpiWorkbookError: no such form, or a profile file that cannot be used (the issue
            names the file and line).
    """
    profiles = resolve_profiles(choice)
    if choice == AUTO:
        return _AUTO_CHOICE.title
    return profiles[0].title
