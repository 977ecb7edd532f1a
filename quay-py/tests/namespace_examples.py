"""The examples of the namespace, identity and platform chapters (issue 13) for
test_operations.py, merged into operation_examples.EXAMPLES: one successful call each, with
the pieces of the world they need built here (cached on the World like its own pieces)."""

from typing import Any, Callable, Dict

import quay_sdk

from conftest import World

Example = Callable[[World], Dict[str, Any]]


def piece(w: World, name: str, make: Callable[[], Any]) -> Any:
    """Builds a named piece of the world once."""
    if name not in w._built:
        w._built[name] = make()
    return w._built[name]


def message_uuid(w: World) -> str:
    def make() -> str:
        w.client.create_global_message(message={"content": "hello", "media_type": "text/plain", "severity": "info"})
        return str(w.client.get_global_messages()["messages"][-1]["uuid"])

    return str(piece(w, "message_uuid", make))


def app_token(w: World) -> str:
    return str(piece(w, "app_token", lambda: w.client.create_app_token(title="ci")["token"]["uuid"]))


def as_bootstrap(w: World) -> Dict[str, Any]:
    """Makes the world's client the bootstrap token's (the only caller renewal accepts)."""
    token = w.fake.bootstrap_token()
    assert token is not None, "the fixture's fake has every feature on"
    w.client = quay_sdk.Client(registry=w.fake.url, token=token, retries=0)
    return {}


NAMESPACE_EXAMPLES: Dict[str, Example] = {
    # platform
    "getRegistryCapabilities": lambda w: dict(),
    "discovery": lambda w: dict(internal=True),
    "getErrorDescription": lambda w: dict(error_type="not_found"),
    "renewBootstrapToken": as_bootstrap,
    # globalmessages
    "getGlobalMessages": lambda w: dict(),
    "createGlobalMessage": lambda w: dict(
        message={"content": "maintenance", "media_type": "text/markdown", "severity": "warning"}
    ),
    "deleteGlobalMessage": lambda w: dict(uuid=message_uuid(w)),
    # appspecifictokens
    "listAppTokens": lambda w: dict(expiring=False),
    "createAppToken": lambda w: dict(title="ci login"),
    "getAppToken": lambda w: dict(token_uuid=app_token(w)),
    "revokeAppToken": lambda w: dict(token_uuid=app_token(w)),
    "listAllAppTokens": lambda w: dict(expiring=True),
}
