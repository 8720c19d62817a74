"""Split a batch into rows that pass a pandera model and rows for quarantine, with reasons."""
from __future__ import annotations

from collections import defaultdict

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
