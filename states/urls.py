"""The states app's pages: member states, reports and points of contact (states/reports/), the
matrix (states/matrices/), effective practices and action plans (states/practices/)."""

from __future__ import annotations

from django.urls import path

from states.dialogue import views as dialogue_views
from states.legislation import views as legislation_views
from states.matrices import conversion_views
from states.matrices import views as matrix_views
from states.practices import views as practice_views
from states.reports import views as report_views

app_name = "states"

urlpatterns = [
    path("states/", report_views.state_list, name="state-list"),
    path("states/export.<str:fmt>", report_views.state_export, name="state-export"),
    path("reports/export.<str:fmt>", report_views.report_export, name="report-export"),
    path("points-of-contact/export.<str:fmt>", report_views.contact_export, name="contact-export"),
    path("open-data/states.<str:fmt>", report_views.state_open_data, name="state-open-data"),
    path("open-data/reports.<str:fmt>", report_views.report_open_data, name="report-open-data"),
    path(
        "open-data/matrices.<str:fmt>",
        matrix_views.matrix_open_data,
        name="matrix-open-data-list",
    ),
    path("states/<str:iso3>/", report_views.state_detail, name="state-detail"),
    path("reports/new/", report_views.report_create_on_behalf, name="report-create"),
    path("reports/inbox/", report_views.inbox, name="inbox"),
    path("reports/<int:pk>/", report_views.report_detail, name="report-detail"),
    path("reports/<int:pk>/document/", report_views.report_document, name="report-document"),
    path("reports/<int:pk>/submit/", report_views.report_submit, name="report-submit"),
    path("reports/<int:pk>/publish/", report_views.report_publish, name="report-publish"),
    path("reports/<int:pk>/delete/", report_views.report_discard, name="report-discard"),
    path("my-state/", report_views.my_state, name="my-state"),
    # The 1540 matrix (8(d)) and its statistics (12(h)).
    path("states/<str:iso3>/matrix/", matrix_views.state_matrix, name="state-matrix"),
    path("matrices/", matrix_views.matrix_list, name="matrix-list"),
    path("matrices/new/", matrix_views.matrix_start, name="matrix-start"),
    path("matrices/statistics/", matrix_views.statistics, name="matrix-statistics"),
    # Converting the existing matrices to the new format (8(d)): the staff's jobs and reports.
    path("matrices/conversions/", conversion_views.conversion_list, name="matrix-conversions"),
    path(
        "matrices/conversions/new/",
        conversion_views.conversion_confirm,
        name="matrix-conversion-confirm",
    ),
    path(
        "matrices/conversions/start/",
        conversion_views.conversion_start,
        name="matrix-conversion-start",
    ),
    path(
        "matrices/conversions/<int:pk>/",
        conversion_views.conversion_detail,
        name="matrix-conversion-detail",
    ),
    path("matrices/statistics.csv", matrix_views.statistics_csv, name="matrix-statistics-csv"),
    path("matrices/open-data.csv", matrix_views.open_data, name="matrix-open-data"),
    path("matrices/<int:pk>/", matrix_views.matrix_detail, name="matrix-detail"),
    path(
        "matrices/<int:pk>/sections/<str:section>/edit/",
        matrix_views.matrix_section_edit,
        name="matrix-section-edit",
    ),
    path("matrices/<int:pk>/sources/", matrix_views.matrix_sources, name="matrix-sources"),
    path("matrices/<int:pk>/send/", matrix_views.matrix_send, name="matrix-send"),
    path(
        "matrices/<int:pk>/return-comments/",
        matrix_views.matrix_return_comments,
        name="matrix-return-comments",
    ),
    path("matrices/<int:pk>/approve/", matrix_views.matrix_approve, name="matrix-approve"),
    path("matrices/<int:pk>/publish/", matrix_views.matrix_publish, name="matrix-publish"),
    path("matrices/<int:pk>/comments/", matrix_views.matrix_comments, name="matrix-comments"),
    path(
        "matrices/<int:pk>/comments/<int:comment_id>/answer/",
        matrix_views.matrix_comment_answer,
        name="matrix-comment-answer",
    ),
    path(
        "matrices/<int:pk>/comments/<int:comment_id>/document/",
        matrix_views.matrix_comment_document,
        name="matrix-comment-document",
    ),
    path("matrices/<int:pk>/diff/", matrix_views.matrix_diff, name="matrix-diff"),
    path(
        "matrices/<int:pk>/export.<str:kind>",
        matrix_views.matrix_export,
        name="matrix-export",
    ),
    path("matrices/<int:pk>/letter.pdf", matrix_views.matrix_letter, name="matrix-letter"),
    # A workbook exported from a matrix, brought back: upload, then its changes, then apply.
    path("matrices/<int:pk>/import/", matrix_views.matrix_import, name="matrix-import"),
    path(
        "matrices/<int:pk>/import/<int:upload>/",
        matrix_views.matrix_import_preview,
        name="matrix-import-preview",
    ),
    path(
        "matrices/<int:pk>/letter/produce/",
        matrix_views.matrix_letter_produce,
        name="matrix-letter-produce",
    ),
    # The national legislation register: the acts that matrix entries cite.
    path("legislation/", legislation_views.legislation_list, name="legislation-list"),
    path(
        "legislation/export.<str:fmt>",
        legislation_views.legislation_export,
        name="legislation-export",
    ),
    path("legislation/new/", legislation_views.legislation_create, name="legislation-create"),
    path("legislation/<int:pk>/", legislation_views.legislation_detail, name="legislation-detail"),
    path("legislation/<int:pk>/edit/", legislation_views.legislation_edit, name="legislation-edit"),
    path(
        "legislation/<int:pk>/delete/",
        legislation_views.legislation_delete,
        name="legislation-delete",
    ),
    path(
        "legislation/<int:pk>/document/",
        legislation_views.legislation_document,
        name="legislation-document",
    ),
    # Effective practices (8(h)) and national action plans (8(i)).
    path("effective-practices/", practice_views.practice_list, name="practice-list"),
    path("effective-practices/new/", practice_views.practice_submit, name="practice-submit"),
    path("effective-practices/<int:pk>/", practice_views.practice_detail, name="practice-detail"),
    path(
        "effective-practices/<int:pk>/publish/",
        practice_views.practice_publish,
        name="practice-publish",
    ),
    path(
        "effective-practices/<int:pk>/withdraw/",
        practice_views.practice_withdraw,
        name="practice-withdraw",
    ),
    path("action-plans/", practice_views.action_plan_list, name="action-plan-list"),
    path("action-plans/new/", practice_views.action_plan_submit, name="action-plan-submit"),
    path("action-plans/<int:pk>/", practice_views.action_plan_detail, name="action-plan-detail"),
    path(
        "action-plans/<int:pk>/publish/",
        practice_views.action_plan_publish,
        name="action-plan-publish",
    ),
    path(
        "action-plans/<int:pk>/withdraw/",
        practice_views.action_plan_withdraw,
        name="action-plan-withdraw",
    ),
    path(
        "action-plans/<int:pk>/document/",
        practice_views.action_plan_document,
        name="action-plan-document-file",
    ),
    # The dialogue with states (8(b)) and the state profiles (8(f)): staff, experts and the
    # state's own point of contact.
    path("states/<str:iso3>/dialogue/", dialogue_views.state_dialogue, name="state-dialogue"),
    path("states/<str:iso3>/dialogue/new/", dialogue_views.dialogue_create, name="dialogue-create"),
    path("states/<str:iso3>/profile/", dialogue_views.state_profile, name="state-profile"),
    path(
        "states/<str:iso3>/profile/edit/",
        dialogue_views.state_profile_edit,
        name="state-profile-edit",
    ),
    path("dialogue/", dialogue_views.dialogue_list, name="dialogue-list"),
    path("dialogue/follow-ups/", dialogue_views.follow_ups_due, name="dialogue-follow-ups"),
    path("dialogue/<int:pk>/", dialogue_views.dialogue_detail, name="dialogue-detail"),
    path("dialogue/<int:pk>/edit/", dialogue_views.dialogue_edit, name="dialogue-edit"),
    path(
        "dialogue/<int:pk>/follow-ups/new/",
        dialogue_views.follow_up_add,
        name="dialogue-follow-up-add",
    ),
    path(
        "dialogue/<int:pk>/follow-ups/<int:follow_up_id>/done/",
        dialogue_views.follow_up_done,
        name="dialogue-follow-up-done",
    ),
]
