"""The generator draws its numbers through a faster randrange (service.data.generator._Random):
a seed must still give the numbers random.Random gives, so areas stay what they were."""

import random

import pytest

from service.data.generator import _Random


@pytest.mark.parametrize(
    "args", [(1,), (10,), (1000,), (3, 9), (0, 1), (20, 345), (-5, 5), (5, 100_000_007), (2**70,)]
)
def test_randrange_draws_what_the_library_draws(args: tuple[int, ...]) -> None:
    ours, library = _Random(2026), random.Random(2026)

    assert [ours.randrange(*args) for _ in range(500)] == [
        library.randrange(*args) for _ in range(500)
    ]
    assert ours.random() == library.random()


def test_randint_and_other_draws_follow_the_same_stream() -> None:
    ours, library = _Random(7), random.Random(7)

    for _ in range(300):
        assert ours.randint(1, 28) == library.randint(1, 28)
        assert ours.choice("ABDEFGHJ") == library.choice("ABDEFGHJ")
        assert ours.uniform(0.6, 1.4) == library.uniform(0.6, 1.4)


@pytest.mark.parametrize("args", [(0,), (5, 5), (9, 3)])
def test_an_empty_range_is_refused_as_the_library_refuses_it(args: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="empty range"):
        _Random(1).randrange(*args)
