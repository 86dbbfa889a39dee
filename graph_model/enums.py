"""Closed vocabularies of the domain (DESIGN §3)."""

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class AddressStatus(StrEnum):
    CURRENT = "current"
    LAST_KNOWN = "last_known"
    NO_KNOWN_ADDRESS = "no_known_address"
    LEFT_ENGLAND = "left_england"


class ChildStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class AgencyKind(StrEnum):
    GP_PRACTICE = "gp_practice"
    SCHOOL = "school"
    EARLY_YEARS = "early_years"
    ALTERNATIVE_PROVISION = "alternative_provision"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    HEALTH_VISITING = "health_visiting"
    SCHOOL_NURSING = "school_nursing"
    MIDWIFERY = "midwifery"
    HOSPITAL = "hospital"
    CAMHS = "camhs"
    SOCIAL_CARE = "social_care"
    EARLY_HELP = "early_help"
    POLICE = "police"
    YOUTH_OFFENDING = "youth_offending"
    PROBATION = "probation"
    HOUSING = "housing"
    VOLUNTARY = "voluntary"
    SEXUAL_HEALTH = "sexual_health"
    SUBSTANCE_MISUSE = "substance_misuse"
    MENTAL_HEALTH = "mental_health"


UNIVERSAL_KINDS: frozenset[AgencyKind] = frozenset(
    {
        AgencyKind.GP_PRACTICE,
        AgencyKind.SCHOOL,
        AgencyKind.EARLY_YEARS,
        AgencyKind.HEALTH_VISITING,
        AgencyKind.ELECTIVE_HOME_EDUCATION,
        AgencyKind.ALTERNATIVE_PROVISION,
    }
)
"""Services every child should have; involvement from these is not 'additional'."""

EDUCATION_KINDS: frozenset[AgencyKind] = frozenset(
    {AgencyKind.SCHOOL, AgencyKind.ALTERNATIVE_PROVISION, AgencyKind.ELECTIVE_HOME_EDUCATION}
)

SENSITIVE_KINDS: frozenset[AgencyKind] = frozenset(
    {
        AgencyKind.SEXUAL_HEALTH,
        AgencyKind.SUBSTANCE_MISUSE,
        AgencyKind.MENTAL_HEALTH,
        AgencyKind.CAMHS,
    }
)
"""Agency kinds whose involvement is shown only with consent or to the same agency (DESIGN §4)."""


class CarerRelationship(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    STEP_PARENT = "step_parent"
    ADOPTIVE_PARENT = "adoptive_parent"
    FOSTER_CARER = "foster_carer"
    SPECIAL_GUARDIAN = "special_guardian"
    GRANDPARENT = "grandparent"
    AUNT_UNCLE = "aunt_uncle"
    SIBLING = "sibling"
    OTHER_RELATIVE = "other_relative"
    PRIVATE_FOSTER_CARER = "private_foster_carer"
    OTHER = "other"


class SameAsStatus(StrEnum):
    CANDIDATE = "candidate"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class AssessmentKind(StrEnum):
    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    HEALTH = "health"
    EDUCATION_SEND = "education_send"
    OTHER = "other"
