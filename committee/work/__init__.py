"""The Committee's own work: its members, the programme of work, the annual review (8(a)), the
reporting reminders (8(b)) and the dashboard of quantitative measures (12(h)). Its models belong
to the app "committee" (Django finds the containing app); the project shell around it is
committee/ itself."""
