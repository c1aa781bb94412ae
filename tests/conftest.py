import pytest

from huyu_xlsx.plan import load_plan


@pytest.fixture(scope="session")
def plan():
    return load_plan()


@pytest.fixture(scope="session")
def generated_month(plan, tmp_path_factory):
    """The fill-in workbooks of period 2020-08 for every unit: {unit: path} (do not modify them)."""
    from huyu_xlsx.generate import generate_month

    out = tmp_path_factory.mktemp("generated-2020-08")
    paths = generate_month(plan, "2020-08", out)
    return dict(zip(plan.unit_names, paths))


def pytest_runtest_setup(item):
    """Only tests marked `lo` may start LibreOffice (before any fixture of the test is set up)."""
    import lo

    lo.ALLOWED = item.get_closest_marker("lo") is not None
