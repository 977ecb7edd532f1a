"""Exceptions: ApiError subclasses by status, InvalidInput before sending, transport errors."""

from typing import Optional

import quay_sdk
from quay_sdk.types import Robot


def get_robot(client: quay_sdk.Client, orga: str, name: str) -> Optional[Robot]:
    """The robot, or None when it does not exist."""
    try:
        return client.get_org_robot(orgname=orga, robot_shortname=name)
    except quay_sdk.BadRequest:  # Quay answers 400 for a robot it cannot find
        return None
    except quay_sdk.NotFound:  # and 404 for an organization it cannot find
        return None


def describe(client: quay_sdk.Client) -> None:
    try:
        client.get_organization(orgname="Not A Valid Name")
    except quay_sdk.InvalidInput as e:  # also a ValueError; nothing was sent
        print("refused:", e)
    try:
        client.create_organization(name="acme")
        client.create_organization(name="acme")
    except quay_sdk.ApiError as e:
        print(e.status, e.error_type, e.detail)
    try:
        client.get_logged_in_user()
    except quay_sdk.RateLimited as e:
        print("retry after", e.retry_after)
    except (quay_sdk.Timeout, quay_sdk.TransportError) as e:
        print("network:", e)
    except quay_sdk.QuayError as e:  # the base of them all
        print("failed:", e)


if __name__ == "__main__":
    from quay_sdk.testing import FakeQuay

    with FakeQuay() as fake, fake.client() as client:
        describe(client)
        print(get_robot(client, "acme", "nobody"))
