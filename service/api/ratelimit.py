"""Rate limits on sign-in and search: an in-memory moving window per user name and address.

In memory means per process: with several API processes each allows the limit, which still
bounds guessing and scraping; a shared store (the `limits` library's Redis storage) is the
step up when that matters.
"""

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from service.api.errors import RateLimited
from service.settings import Settings


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.token = parse(settings.rate_limit_token)
        self.search = parse(settings.rate_limit_search)

    def hit(self, item: RateLimitItem, *keys: str) -> None:
        """Count one request against `item` for each key; raise RateLimited when over."""
        for key in keys:
            if not self._limiter.hit(item, key):
                reset = self._limiter.get_window_stats(item, key).reset_time
                retry_after = max(1, math.ceil(reset - time.time()))
                raise RateLimited(
                    f"too many requests: try again in {retry_after} seconds", retry_after
                )
