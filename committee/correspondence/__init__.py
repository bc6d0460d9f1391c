"""The correspondence register: every note verbale and letter the Committee sends or receives,
with its reference, its dates, its documents per language, what it concerns and the thread it
belongs to (issue 15). Its models belong to the app "committee" (committee/models/__init__.py);
it links to the records of every app through the content types, so that no app imports it: the
apps that draft a note announce it through core/correspondence.py."""
