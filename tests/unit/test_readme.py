"""The README describes the project from inside the repository: every link it makes to a file
lands in the repository, every link to a section finds the heading, and nothing is left
"to come"."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINKS = re.findall(r"\]\(([^)\s]+)\)", README)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_to_files_stay_in_the_repository_and_exist() -> None:
    files = [link for link in LINKS if not link.startswith(("http://", "https://", "#"))]
    assert files, "the README links to files of the repository"
    for link in files:
        target = (ROOT / link.split("#")[0]).resolve()
        assert target.is_relative_to(ROOT), f"{link} points outside the repository"
        assert target.exists(), link


def test_links_to_sections_find_their_heading() -> None:
    headings = {slug(h) for h in re.findall(r"^#{1,6} (.+)$", README, flags=re.MULTILINE)}
    anchors = [link[1:] for link in LINKS if link.startswith("#")]
    assert anchors
    assert [a for a in anchors if a not in headings] == []


def test_nothing_is_left_to_come() -> None:
    assert "to come" not in README
    assert "shared/DESIGN" not in README
