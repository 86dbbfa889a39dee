"""Response and request models of the roles' own work lists: an area's transfers waiting for
acceptance and its shielded children, the local authorities by name, and local accounts."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from graph_model.types import LaCode, NodeId
from service.api.models import Items
from service.auth.accounts import TYPED_USERNAME_PATTERN, USERNAME_RULE, Account, Username
from service.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from service.auth.principal import Role


class LocalAuthorityView(BaseModel):
    code: str
    name: str | None = None


class LocalAuthorities(Items[LocalAuthorityView]):
    pass


class TransferView(BaseModel):
    """A child who moved into the area; responsibility moves once its steward accepts."""

    child_id: str
    given_name: str
    family_name: str
    date_of_birth: date
    shielded: bool = False
    move_id: str
    since: date = Field(description="The day the child moved in")
    from_la: str
    from_la_name: str | None = None
    recorded_at: datetime | None = None


class Transfers(Items[TransferView]):
    la: str


class ShieldedChildView(BaseModel):
    id: str
    given_name: str
    family_name: str
    date_of_birth: date
    status: str = "active"
    updated_at: datetime | None = None


class ShieldedChildren(Items[ShieldedChildView]):
    la: str


class WorkSummary(BaseModel):
    """How much waits for the principal in their own area: counts only, each present for the
    roles whose work it is (null otherwise)."""

    la: str | None = None
    duplicates_waiting: int | None = Field(
        default=None, description="Data stewards: candidate pairs touching the area"
    )
    transfers_waiting: int | None = Field(
        default=None, description="Data stewards: children moved in, not yet accepted"
    )
    shielded: int | None = Field(
        default=None, description="Shielding officers: the area's shielded children"
    )


class AccountView(BaseModel):
    """A local account as an admin sees it: never its password hash."""

    username: str
    roles: list[Role]
    la: str | None = None
    practitioner_id: str | None = None
    agency_id: str | None = None
    disabled: bool = False
    created_at: datetime | None = None

    @classmethod
    def of(cls, account: Account) -> "AccountView":
        return cls(
            username=account.username,
            roles=sorted(account.roles),
            la=account.la,
            practitioner_id=account.practitioner_id,
            agency_id=account.agency_id,
            disabled=account.disabled,
            created_at=account.created_at,
        )


class Accounts(Items[AccountView]):
    pass


class AccountCreate(BaseModel):
    """A new local account. The password is the first one; tell its holder in person."""

    model_config = ConfigDict(extra="forbid")

    username: Username = Field(
        description=f"{USERNAME_RULE[0].upper()}{USERNAME_RULE[1:]}",
        examples=["sam.steward"],
        json_schema_extra={"pattern": TYPED_USERNAME_PATTERN},
    )
    roles: list[Role] = Field(min_length=1, max_length=len(Role))
    la: LaCode | None = Field(
        default=None, description="The local authority the account acts for (ONS code)"
    )
    practitioner_id: NodeId | None = Field(default=None, description="Practitioners: who")
    agency_id: NodeId | None = Field(default=None, description="Practitioners: for which agency")
    password: str = Field(
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
        description="The first password: tell it to its holder in person",
        json_schema_extra={"format": "password"},
    )


class AccountChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    disabled: bool = Field(description="true: the account can no longer sign in or act")
