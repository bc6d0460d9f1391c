"""Who may do what in the outreach app (django-rules).

The secretariat keeps the calendar, the website's texts, the organisations' contacts and the
roster of former experts; the experts read the contacts; everyone reads what is public."""

from __future__ import annotations

import rules

from core.permissions import is_secretariat, sees_all_states

rules.add_perm("outreach.manage_events", is_secretariat)
rules.add_perm("outreach.manage_website_texts", is_secretariat)
rules.add_perm("outreach.see_organization_contacts", sees_all_states)
rules.add_perm("outreach.manage_organization_contacts", is_secretariat)
rules.add_perm("outreach.see_expert_roster", is_secretariat)
rules.add_perm("outreach.manage_expert_roster", is_secretariat)
