"""One Extractor (and one spaCy model load) for the whole extraction test session."""
import pytest

from pipelines.extraction import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def extract(extractor):
    def run(text: str, published_at=None, title=None):
        return extractor.extract(dict(article_id="t", text=text, title=title, published_at=published_at))
    return run
