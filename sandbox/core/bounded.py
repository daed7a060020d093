"""A simulator's state that a sandbox left running for days must not grow without end."""

from collections import OrderedDict
from typing import Generic, TypeVar

KEEP = 10_000  # of each kind; the oldest go first
T = TypeVar("T")


class Bounded(Generic[T]):
    """A dict that forgets its oldest entries past `limit`."""

    def __init__(self, limit: int = KEEP) -> None:
        self.limit = limit
        self._items: OrderedDict[str, T] = OrderedDict()

    def put(self, key: str, value: T) -> T:
        self._items[key] = value
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return value

    def get(self, key: str | None) -> T | None:
        return self._items.get(key) if key is not None else None

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def clear(self) -> None:
        self._items.clear()
