"""Pairing a first authenticator app: the secretariat issues a one-time pairing code, its owner
types it before the two-factor set-up page shows the key to scan.

The code travels out of band (told in person, by telephone or by the mission), so that a
password alone, guessed or phished, never lets anyone pair their own app to a staff account."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import PairingCode, User
from core.permissions import require
from core.security import has_two_factor_role

# No 0/O, 1/I/L: the code is read aloud or copied by hand. 12 of 31 letters: about 59 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12


def normalise(code: str) -> str:
    """What the person typed, without the spaces and dashes of the printed groups."""
    return "".join(code.split()).replace("-", "").upper()


# The rule itself is core.security's; this name is what the demo's seeding imports.
needs_second_factor = has_two_factor_role


@transaction.atomic
def issue_pairing_code(user: User, *, acting_user: User | None) -> tuple[str, PairingCode]:
    """A new pairing code for ``user``, returned in clear this once; any earlier unused code of
    theirs stops working. ``acting_user`` is None for the management command."""
    if acting_user is not None:
        # A pairing code for a superuser's account, issued by the secretariat, would let
        # whoever holds its password pair their own authenticator to it.
        require(acting_user, "committee.manage_account", user)
    if not user.is_active or not has_two_factor_role(user):
        raise ValidationError(
            _(
                "No pairing code for %(user)s: only active secretariat, expert and committee "
                "member accounts sign in with an authenticator app."
            )
            % {"user": user.get_username()}
        )
    now = timezone.now()
    PairingCode.objects.filter(user=user).usable().update(expires_at=now)
    code = "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))
    record = PairingCode.objects.create(
        user=user,
        code_hash=make_password(code),
        issued_by=acting_user,
        created_at=now,
        expires_at=now + timedelta(hours=settings.PAIRING_CODE_HOURS),
    )
    # Imported here: core.accounts imports this module (its set-up page redeems codes).
    from core.accounts import record_account_event

    # Whoever issues a code can pair an app to the account: /audit/ says who issued each one.
    record_account_event(
        user,
        acting_user,
        f"Pairing code issued, valid until {record.expires_at:%Y-%m-%d %H:%M} UTC",
    )
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4)), record


@transaction.atomic
def redeem_pairing_code(user: User, code: str) -> bool:
    """Uses up ``user``'s pairing code if ``code`` is it (and it is still valid). Any half-done
    pairing is discarded, so the key shown next is new and seen by this person only."""
    candidate = normalise(code)
    for record in PairingCode.objects.filter(user=user).usable().select_for_update():
        if check_password(candidate, record.code_hash):
            record.used_at = timezone.now()
            record.save(update_fields=["used_at"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            return True
    return False
