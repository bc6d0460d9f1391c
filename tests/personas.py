"""The people of the tests, by name and role, as the design describes them:

- the public reader (anonymous),
- ``poc_chn``: Li Wei, national point of contact of China,
- ``poc_bra``: Ana Souza, national point of contact of Brazil,
- ``expert``: Eva, of the Group of Experts,
- ``secretariat``: Sam, secretariat staff,
- ``member``: Mo, a committee member (Security Council delegation).
"""

from __future__ import annotations

from core.choices import Role
from core.models import User
from states.models import MemberState

PASSWORD = "correct-horse-1540"


def make_user(username: str, role: str, iso3: str | None = None) -> User:
    state = MemberState.objects.get(iso3=iso3) if iso3 else None
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        state=state,
        email=f"{username}@example.org",
    )


PERSONAS = {
    "poc_chn": ("li.wei", Role.POC, "CHN"),
    "poc_bra": ("ana.souza", Role.POC, "BRA"),
    "expert": ("eva.expert", Role.EXPERT, None),
    "secretariat": ("sam.secretariat", Role.SECRETARIAT, None),
    "member": ("mo.member", Role.COMMITTEE_MEMBER, None),
}
