"""Split a batch into rows that pass a pandera model and rows for quarantine, with reasons."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa


def split_valid(df: pd.DataFrame, model: type[pa.DataFrameModel]) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """Validate ``df`` lazily; return (valid rows, {row position: [reasons]}).

    A failure that concerns the whole frame (a missing column, say) fails every row.
    """
    if df.empty:
        return df, {}
    frame = df.reset_index(drop=True)
    try:
        model.validate(frame, lazy=True)
        return frame, {}
    except pa.errors.SchemaErrors as err:
        reasons: dict[int, list[str]] = defaultdict(list)
        for case in err.failure_cases.itertuples(index=False):
            where = f"{case.column}: " if isinstance(case.column, str) and case.column != model.__name__ else ""
            reason = f"{where}{case.check} (got {case.failure_case!r})"
            if case.index is None or pd.isna(case.index):
                for i in range(len(frame)):
                    reasons[i].append(reason)
            else:
                reasons[int(case.index)].append(reason)
        bad = set(reasons)
        valid = frame.loc[[i for i in range(len(frame)) if i not in bad]]
        return valid, dict(reasons)


def unique_keys(model: type[pa.DataFrameModel]) -> list[tuple[str, ...]]:
    """The column sets ``model`` declares unique (``Field(unique=True)`` and ``Config.unique``)."""
    schema = model.to_schema()
    keys = [(name,) for name, column in schema.columns.items() if column.unique]
    if schema.unique:
        keys.append(tuple([schema.unique] if isinstance(schema.unique, str) else schema.unique))
    return keys


def invalid_rows_in_chunks(frames: Iterable[pd.DataFrame], model: type[pa.DataFrameModel]
                           ) -> tuple[int, dict[int, list[str]]]:
    """Validate a table that arrives as consecutive frames; return (rows, {row position: [reasons]}).

    Each frame is validated on its own (memory is bounded by the largest frame); the
    model's unique keys are also checked across frames, by keeping the keys seen so far
    (keys only, not rows). A row whose key an earlier frame already had fails with
    ``unique across the table``.
    """
    keys = unique_keys(model)
    seen: list[set] = [set() for _ in keys]
    reasons: dict[int, list[str]] = {}
    offset = 0
    for frame in frames:
        frame = frame.reset_index(drop=True)
        _, bad = split_valid(frame, model)
        for pos, why in bad.items():
            reasons[offset + pos] = list(why)
        for columns, known in zip(keys, seen):
            values = list(zip(*(frame[c].tolist() for c in columns)))
            for pos, value in enumerate(values):
                if value in known and offset + pos not in reasons:
                    reasons[offset + pos] = [f"{', '.join(columns)}: unique across the table (got {value!r})"]
            known.update(values)
        offset += len(frame)
    return offset, reasons
