"""The account cache (issue 13, finding 4): each request acts with the account as the store
holds it, reused for no longer than the cache's time."""

from service.auth.accounts import Account, AccountCache
from service.auth.principal import Role


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_account_is_reused_only_within_the_cache_time() -> None:
    stored = {"sam": Account(username="sam", roles=frozenset({Role.DATA_STEWARD}), la="E09000009")}
    asked: list[str] = []

    def lookup(name: str) -> Account | None:
        asked.append(name)
        return stored.get(name)

    clock = Clock()
    cache = AccountCache(lookup, 1.0, clock=clock)
    first = cache.get("sam")
    assert first is not None
    assert first.roles == {Role.DATA_STEWARD}
    stored["sam"] = Account(username="sam", roles=frozenset({Role.AUDITOR}))
    clock.now += 0.999
    reused = cache.get("sam")
    assert reused is not None
    assert reused.roles == {Role.DATA_STEWARD}
    clock.now += 0.001  # one second after the first look: asked again
    fresh = cache.get("sam")
    assert fresh is not None
    assert fresh.roles == {Role.AUDITOR}
    assert asked == ["sam", "sam"]


def test_a_disabled_or_deleted_account_is_none() -> None:
    stored = {"sam": Account(username="sam", roles=frozenset({Role.AUDITOR}), disabled=True)}
    clock = Clock()
    cache = AccountCache(stored.get, 0.0, clock=clock)
    assert cache.get("sam") is None
    assert cache.get("nobody") is None
    stored["sam"] = Account(username="sam", roles=frozenset({Role.AUDITOR}))
    assert cache.get("sam") is not None
    del stored["sam"]
    assert cache.get("sam") is None
