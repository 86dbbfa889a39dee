"""The principal: who a request acts for, as carried by its bearer token (DESIGN §4)."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MASH = "mash"
    MANAGER = "manager"
    DATA_STEWARD = "data_steward"
    SHIELDING_OFFICER = "shielding_officer"
    AUDITOR = "auditor"
    ADMIN = "admin"


LA_SCOPED_ROLES: frozenset[Role] = frozenset(
    {Role.MANAGER, Role.DATA_STEWARD, Role.SHIELDING_OFFICER}
)
"""Roles that act for one local authority, so an account holding one needs an LA code."""


class Principal(BaseModel):
    """A signed-in user: roles, local authority, and (practitioners) who and for which agency."""

    model_config = ConfigDict(frozen=True)

    username: str
    roles: frozenset[Role] = Field(default_factory=frozenset)
    la: str | None = Field(default=None, description="ONS code of the user's local authority")
    practitioner_id: str | None = None
    agency_id: str | None = None
    issuer: str = Field(default="local", description="local, or the OIDC issuer's URL")

    def has(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)
