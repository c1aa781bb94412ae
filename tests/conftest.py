import pytest

from huyu_xlsx.plan import load_plan


@pytest.fixture(scope="session")
def plan():
    return load_plan()
