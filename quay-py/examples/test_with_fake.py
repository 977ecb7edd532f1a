"""Testing your own automation with quay_sdk.testing: a fixture and a context manager."""

import quay_sdk
from quay_sdk.testing import FakeQuay


def ensure_robot(client: quay_sdk.Client, orga: str, name: str) -> str:
    """The automation under test: makes sure a robot exists, returns its full name."""
    robots = client.get_org_robots(orgname=orga)["robots"]
    full = f"{orga}+{name}"
    if not any(r["name"] == full for r in robots):
        client.create_org_robot(orgname=orga, robot_shortname=name)
    return full


def test_ensure_robot_is_idempotent(quay_fake: FakeQuay, quay_client: quay_sdk.Client) -> None:
    quay_client.create_organization(name="acme")
    assert ensure_robot(quay_client, "acme", "ci") == "acme+ci"
    calls = quay_fake.request_count()
    assert ensure_robot(quay_client, "acme", "ci") == "acme+ci"
    assert quay_fake.request_count() == calls + 1  # only the listing, no second creation


def test_outage_is_reported() -> None:
    with FakeQuay() as fake:
        client = fake.client(retries=0)
        client.create_organization(name="acme")
        fake.inject_fault(status=503, operation_id="getOrgRobots")
        try:
            ensure_robot(client, "acme", "ci")
        except quay_sdk.ServerError as e:
            assert e.status == 503
        else:
            raise AssertionError("expected a ServerError")
