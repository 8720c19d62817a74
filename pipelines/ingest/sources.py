"""``sources.yaml``: the configured sources, validated with pydantic (unknown keys and
kinds are errors that name the source and the key)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from pipelines import settings
from pipelines.paths import REPO_ROOT

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CRON_FIELD = re.compile(r"^[\d*/,\-A-Za-z?]+$")


class SourcesConfigError(ValueError):
    """sources.yaml is missing, not YAML, or does not validate."""


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    schedule: str = Field(description="5-field cron expression")
    allow_private: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("must be lowercase letters, digits and '_' (it names assets and partitions)")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        fields = value.split()
        if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
            raise ValueError(f"{value!r} is not a 5-field cron expression (e.g. '0 * * * *')")
        return value


class FolderSource(_Source):
    kind: Literal["folder"]
    path: str = Field(description="folder, relative to the repo root or absolute")
    glob: str = "**/*"

    @property
    def root(self) -> Path:
        path = Path(self.path).expanduser()
        return path if path.is_absolute() else REPO_ROOT / path


class FeedSource(_Source):
    kind: Literal["feed"]
    url: str

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        return _check_http(value)


class UrlsSource(_Source):
    kind: Literal["urls"]
    urls: list[str] = Field(min_length=1)

    @field_validator("urls")
    @classmethod
    def _http(cls, value: list[str]) -> list[str]:
        return [_check_http(url) for url in value]


Source = Annotated[Union[FolderSource, FeedSource, UrlsSource], Field(discriminator="kind")]


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[Source]


def _check_http(url: str) -> str:
    if not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def parse_sources(data: object, origin: str = "sources") -> list[FolderSource | FeedSource | UrlsSource]:
    """Validate already-loaded YAML data; raises SourcesConfigError with one line per problem."""
    try:
        parsed = TypeAdapter(SourcesFile).validate_python(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = list(error["loc"])
            where = "/".join(str(part) for part in loc) or "top level"
            items = data.get("sources") if isinstance(data, dict) else None
            if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
                rest = [str(p) for p in loc[2:]]
                if rest and rest[0] in ("folder", "feed", "urls"):
                    rest = rest[1:]  # the discriminator tag pydantic adds to the location
                label = loc[1]
                if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
                    label = items[loc[1]].get("name", loc[1])
                where = f"source {label!r}" + (f", key {'/'.join(rest)!r}" if rest else "")
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key"
            elif error["type"] == "union_tag_invalid":
                message = f"unknown kind {error.get('input', {}).get('kind') if isinstance(error.get('input'), dict) else ''!r}; expected folder, feed or urls"
            elif error["type"] == "union_tag_not_found":
                message = "missing 'kind' (folder, feed or urls)"
            lines.append(f"  {where}: {message}")
        raise SourcesConfigError(f"{origin} is invalid:\n" + "\n".join(lines)) from None
    names = [source.name for source in parsed.sources]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise SourcesConfigError(f"{origin}: source names must be unique, repeated: {', '.join(duplicated)}")
    return list(parsed.sources)


def load_sources(path: str | Path | None = None) -> list[FolderSource | FeedSource | UrlsSource]:
    """Read and validate sources.yaml (default: settings.sources_file())."""
    path = Path(path) if path is not None else settings.sources_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesConfigError(f"sources file {path} does not exist (set EVENTS_SOURCES)") from None
    except yaml.YAMLError as exc:
        raise SourcesConfigError(f"{path} is not valid YAML: {exc}") from None
    return parse_sources(data, origin=str(path))


def get_source(name: str, path: str | Path | None = None) -> FolderSource | FeedSource | UrlsSource:
    """One configured source by name."""
    for source in load_sources(path):
        if source.name == name:
            return source
    raise SourcesConfigError(f"no source named {name!r} in {path or settings.sources_file()}")
