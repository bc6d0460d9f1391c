"""Country visits at a state's invitation (8(e), 10(f)) and training courses for national points
of contact (8(c), 9(d)): the records that carry the work an event of the calendar only dates."""
