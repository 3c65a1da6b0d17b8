"""The import contract (.ci/imports.py) holds for the tree, and it catches what it forbids."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("ci_imports", ROOT / ".ci" / "imports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_project_has_no_import_cycles_and_its_layers_point_one_way():
    assert _checker().check(ROOT) == []


def test_a_new_cycle_is_reported_even_through_an_import_inside_a_function(tmp_path):
    root = _tree(
        tmp_path,
        {
            "surveys/__init__.py": "",
            "surveys/tasks.py": "from .services import invitations\n",
            "surveys/services/__init__.py": "",
            "surveys/services/invitations.py": "def send():\n    from ..tasks import x\n",
        },
    )
    problems = _checker().check(root)
    assert "cycle: surveys.services.invitations <-> surveys.tasks" in problems
    # tasks → services is the allowed arrow; the service importing the task is the wrong one
    assert "layers: surveys.services.invitations (services) imports surveys.tasks" in problems


def test_a_service_importing_a_view_breaks_the_layers(tmp_path):
    root = _tree(
        tmp_path,
        {
            "pairing/__init__.py": "",
            "pairing/services.py": "from .views import board\n",
            "pairing/views.py": "def board():\n    pass\n",
        },
    )
    assert _checker().check(root) == ["layers: pairing.services (services) imports pairing.views"]


def test_models_may_not_import_services_of_another_app(tmp_path):
    root = _tree(
        tmp_path,
        {
            "programme/__init__.py": "",
            "programme/models/__init__.py": "from .bases import X\n",
            "programme/models/bases.py": "from surveys.services.consents import y\nX = 1\n",
            "surveys/__init__.py": "",
            "surveys/services/__init__.py": "",
            "surveys/services/consents.py": "y = 1\n",
        },
    )
    assert _checker().check(root) == [
        "layers: programme.models.bases (models) imports surveys.services.consents"
    ]


def test_the_matching_engine_may_not_import_django(tmp_path):
    root = _tree(
        tmp_path,
        {
            "pairing/__init__.py": "",
            "pairing/engine.py": "import numpy\nfrom django.db import models\n",
        },
    )
    assert _checker().check(root) == ["pairing.engine must stay pure but imports django.db"]


def test_a_package_importing_its_own_parts_is_not_a_cycle(tmp_path):
    root = _tree(
        tmp_path,
        {
            "programme/__init__.py": "",
            "programme/admin/__init__.py": "from . import bases, base\n",
            "programme/admin/base.py": "class Scoped:\n    pass\n",
            "programme/admin/bases.py": "from .base import Scoped\n",
        },
    )
    assert _checker().check(root) == []
