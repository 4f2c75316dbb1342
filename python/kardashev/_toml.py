"""TOML text from Python values: a scenario given as a dict, and --set values.

Writes just the TOML a scenario needs: tables, arrays (of tables or values),
strings, integers, floats and booleans. A top-level table becomes a [section],
a list of tables an [[array]]; anything deeper is written inline. Anything else
(dates, None, other objects) is a TypeError naming the key.
"""

import json
import math
import re

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key):
    if not isinstance(key, str):
        raise TypeError(f"scenario keys must be strings, got {key!r}")
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text):
    # JSON's escapes (\" \\ \n \t \uXXXX ...) are TOML's too; TOML also wants
    # DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def value(obj, path="value"):
    """The TOML literal of `obj` (inline): strings quoted, bools lowercase."""
    if isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        if math.isnan(obj):
            return "nan"
        if math.isinf(obj):
            return "inf" if obj > 0 else "-inf"
        return repr(obj)
    if isinstance(obj, str):
        return _string(obj)
    if isinstance(obj, dict):
        items = (f"{_key(k)} = {value(v, f'{path}.{k}')}" for k, v in obj.items())
        return "{ " + ", ".join(items) + " }" if obj else "{}"
    if isinstance(obj, (list, tuple)):
        return "[" + ", ".join(value(v, f"{path}[{i}]") for i, v in enumerate(obj)) + "]"
    raise TypeError(f"{path}: cannot write {type(obj).__name__} {obj!r} as TOML")


def _is_table_array(obj):
    return isinstance(obj, (list, tuple)) and obj and all(isinstance(v, dict) for v in obj)


def _body(table, path):
    return [f"{_key(k)} = {value(v, f'{path}.{k}')}" for k, v in table.items()]


def document(scenario):
    """The TOML text of a scenario given as nested dicts and lists."""
    if not isinstance(scenario, dict):
        raise TypeError(f"a scenario is a dict, got {type(scenario).__name__}")
    lines = []
    sections = []
    for k, v in scenario.items():
        if isinstance(v, dict):
            sections.append(["", f"[{_key(k)}]", *_body(v, k)])
        elif _is_table_array(v):
            for i, item in enumerate(v):
                sections.append(["", f"[[{_key(k)}]]", *_body(item, f"{k}[{i}]")])
        else:
            lines.append(f"{_key(k)} = {value(v, k)}")
    for section in sections:
        lines.extend(section)
    return "\n".join(lines) + "\n"
