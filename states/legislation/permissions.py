"""Who may do what with the national legislation register: the rules, each declared once
(core/permissions.py).

Laws are public: everyone, signed in or not, reads the register (no rule on rows: every act is
every reader's). The secretariat and the experts, who prepare the matrices from the states'
laws, record, correct and remove acts; a point of contact proposes a change through the
matrix review, not here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import declare, sees_all_states

declare(
    "states.manage_legislation",
    sees_all_states,
    message=_("Only the secretariat and the experts keep the register of national legislation."),
)
# Who recorded an act (NationalLegislation.FIELD_PERMISSIONS): a username, for the staff only.
declare("states.see_who_recorded_legislation", sees_all_states)
