"""Password hashing: argon2id through pwdlib, with pwdlib's recommended cost parameters."""

from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
"""Refuse longer inputs before hashing: argon2 over megabytes is a denial of service."""


@cache
def _hasher() -> PasswordHash:
    return PasswordHash((Argon2Hasher(),))


@cache
def _dummy_hash() -> str:
    return _hasher().hash("no account has this password")


def hash_password(password: str) -> str:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValueError(
            f"a password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters"
        )
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True if `password` matches. With no hash (unknown user) a dummy hash is still checked,
    so an unknown user name takes as long to refuse as a wrong password."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    if password_hash is None:
        _hasher().verify(password, _dummy_hash())
        return False
    return _hasher().verify(password, password_hash)
