"""Typed answers: text the person types -> a card value, or the reason it is not one."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from releasecheck.interview.schema import Shape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[+-]?\d+[kmbgt]?$", re.IGNORECASE)
_SUFFIX = {"k": 10**3, "m": 10**6, "b": 10**9, "g": 10**9, "t": 10**12}
_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})


class Invalid(ValueError):
    """An answer that does not fit; the message says why, in words."""


def parse(shape: Shape, text: str) -> Any:
    """Parse a non-empty answer for ``shape``; raise Invalid with the reason."""
    text = text.strip()
    if shape.unknown and text.lower() == "unknown":
        return "unknown"
    parser = {
        "text": _text,
        "number": _number,
        "bool": _bool,
        "date": _date,
        "choice": _one_choice,
        "choices": _many_choices,
        "texts": _texts,
    }.get(shape.kind)
    if parser is None:
        raise Invalid("this field cannot be answered here; edit the card file instead")
    return parser(shape, text)


def _text(shape: Shape, text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()  # quotes a YAML card needs are not needed here
    if _CONTROL.search(text):
        raise Invalid("control characters are not allowed; type plain text")
    if shape.open_choice and text.isdigit() and 1 <= int(text) <= len(shape.choices):
        return shape.choices[int(text) - 1]
    if shape.open_choice:
        return next((c for c in shape.choices if c.lower() == text.lower()), text)
    return text


def _number(shape: Shape, text: str) -> int | float:
    cleaned = text.replace("_", "").replace(",", "").replace(" ", "")
    percent = cleaned.endswith("%")
    if percent:
        if not shape.fraction:
            raise Invalid("a plain number is expected here, without %")
        cleaned = cleaned[:-1]
    value = _decimal(cleaned, allow_suffix=shape.le is None)
    if percent:
        value = value / 100
    number: int | float = int(value) if _INT.match(cleaned) and not percent else float(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise Invalid("the number is too large")
    _check_range(shape, number, text)
    return number


def _decimal(text: str, allow_suffix: bool) -> Decimal:
    factor = 1
    if allow_suffix and text[-1:].lower() in _SUFFIX:
        factor = _SUFFIX[text[-1].lower()]
        text = text[:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Invalid(f"'{text}' is not a number; write e.g. 0.41, 70000000000 or 6.3e24") from None
    if not value.is_finite():
        raise Invalid("write a finite number")
    return value * factor


def _check_range(shape: Shape, number: float, text: str) -> None:
    if shape.fraction and not 0 <= number <= 1:
        hint = f"; for {text.strip()} percent type {text.strip()}%" if 1 < number <= 100 else ""
        raise Invalid(f"must be a fraction between 0 and 1{hint}")
    if shape.ge is not None and number < shape.ge:
        raise Invalid(f"must be {shape.ge:g} or more")
    if shape.le is not None and number > shape.le:
        raise Invalid(f"must be {shape.le:g} or less")


def _bool(shape: Shape, text: str) -> bool:
    low = text.lower()
    if low in _YES:
        return True
    if low in _NO:
        return False
    raise Invalid("answer yes or no" + (" (or unknown)" if shape.unknown else ""))


def _date(_: Shape, text: str) -> dt.date:
    if not _DATE.match(text):
        raise Invalid("write the date as YYYY-MM-DD, e.g. 2026-12-01")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{text} is not a date in the calendar") from None


def choose(choices: tuple[str, ...], token: str) -> str:
    """A choice by its number (1-based) or its name (case and spaces forgiven)."""
    if token.isdigit():
        index = int(token)
        if 1 <= index <= len(choices):
            return choices[index - 1]
        raise Invalid(f"choose a number from 1 to {len(choices)}")
    wanted = re.sub(r"[\s_]+", "-", token.lower())
    for choice in choices:
        if choice.lower() == wanted:
            return choice
    close = difflib.get_close_matches(wanted, choices, n=1)
    hint = f"; did you mean {close[0]}?" if close else f"; choose one of: {', '.join(choices)}"
    raise Invalid(f"'{token}' is not a choice{hint}")


def _one_choice(shape: Shape, text: str) -> str:
    return choose(shape.choices, text)


def _many_choices(shape: Shape, text: str) -> list[str]:
    if text.lower() == "none":
        return []
    out: list[str] = []
    for token in re.split(r"[,\s]+", text):
        if token:
            picked = choose(shape.choices, token)
            if picked not in out:
                out.append(picked)
    return out


def _texts(shape: Shape, text: str) -> list[str]:
    if text.lower() == "none":
        return []
    items = [_text(shape, part.strip()) for part in text.split(",")]
    return [item for item in items if item]


def show(value: Any) -> str:
    """The text form of a value, as a person would type it back."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) if value else "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)
    return "" if value is None else str(value)


def number_text(value: float) -> str:
    """A float as YAML 1.1 and 1.2 both read back as the same float (6.3e+24, 1.0e+23)."""
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        text = f"{mantissa}e{exponent}"
    return text


def encode(value: Any) -> Any:
    """A parsed value -> JSON for the progress file."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def decode(shape: Shape, value: Any) -> Any:
    """JSON from the progress file -> the parsed value; Invalid when it no longer fits."""
    if value is None:
        return None
    if shape.kind == "date" and isinstance(value, str):
        return _date(shape, value)
    if shape.kind == "choice" and value not in shape.choices and not (shape.unknown and value == "unknown"):
        raise Invalid(f"'{value}' is no longer a choice")
    return value


def expects(shape: Shape) -> str:
    """What to type, in a few words, for the hint line."""
    if shape.kind == "number":
        if shape.fraction:
            return "a fraction 0-1, e.g. 0.41 or 41%"
        return "a number, e.g. 1.5, 70B or 6.3e24"
    if shape.kind == "bool":
        return "yes, no or unknown" if shape.unknown else "yes or no"
    if shape.kind == "date":
        return "a date, YYYY-MM-DD"
    if shape.kind == "choice":
        return "a number or a name" + (", or unknown" if shape.unknown else "")
    if shape.kind == "choices":
        return "numbers or names, comma-separated" + (", or unknown" if shape.unknown else "")
    if shape.kind == "texts":
        return "free text, comma-separated"
    if shape.open_choice:
        return "a number from the list, or type a name"
    return "free text"
