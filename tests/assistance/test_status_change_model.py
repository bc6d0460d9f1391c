"""The two status histories of the assistance app (requests, matches) are one abstract model with
two subjects (issue 12: they were two identical copies), keeping their own tables and history."""

from __future__ import annotations

from assistance.models import AssistanceRequestStatusChange, MatchStatusChange, StatusChange

SHARED = {"changed_at", "changed_by", "reason"}


def test_both_status_histories_are_the_one_abstract_status_change_model():
    assert StatusChange._meta.abstract
    for model in (AssistanceRequestStatusChange, MatchStatusChange):
        assert issubclass(model, StatusChange)
        inherited = {f.name for f in model._meta.local_fields} & SHARED
        assert inherited == SHARED


def test_each_status_history_keeps_its_own_table_order_and_change_history():
    assert (
        AssistanceRequestStatusChange._meta.db_table == "assistance_assistancerequeststatuschange"
    )
    assert MatchStatusChange._meta.db_table == "assistance_matchstatuschange"
    for model in (AssistanceRequestStatusChange, MatchStatusChange):
        assert model._meta.ordering == ["changed_at", "id"]
        assert (
            model.history.model._meta.db_table == f"assistance_historical{model._meta.model_name}"
        )
