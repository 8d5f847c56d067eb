import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # accounts made by the tests need no costly hashing
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (corpus et annotations de référence) absent")
    return SHARED


@pytest.fixture
def corpus(shared) -> dict[str, Path]:
    return {p.name[:3]: p for p in sorted((shared / "corpus").glob("*.txt"))}


@pytest.fixture
def scorer(shared):
    sys.path.insert(0, str(shared / "tools"))
    import score_extraction

    return score_extraction


@pytest.fixture
def make_member(db, django_user_model):
    from concorde.ingest.loader import organisation_for
    from concorde.territories.models import Membership

    def make(username: str, org_name: str, role: str = "coordination", kind: str = "commune"):
        org = organisation_for(org_name, kind)
        user = django_user_model.objects.create_user(username=username, password="motdepasse-test")
        Membership.objects.create(user=user, organisation=org, role=role)
        return user, org

    return make


@pytest.fixture
def paris(make_member):
    return make_member("paris.coord", "Ville de Paris", "coordination", "ville")


@pytest.fixture
def demo_text() -> bytes:
    return (ROOT / "src" / "concorde" / "demo" / "convention-demo.md").read_bytes()
