"""Open data: what the public may see of a list (member states, published reports, published
matrices, published assistance requests and public offers, public events) as a CSV or JSON file
that anyone may reuse, under the licence named in every file, with ``ETag`` and
``Last-Modified`` so that a harvester that polls every night downloads only what changed
(a 304 otherwise).

Each app's open-data view is one call of ``open_data_response`` with the public's QuerySet and
the list's API serializer: the rows and the fields are exactly what an anonymous reader of the
API gets, whoever downloads (a secretariat officer's download is the public's file too).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core.exports import columns_of, list_queryset, table_csv

# The licence of every open-data file, in the file itself (a CSV's first line, a JSON field),
# so that it travels with copies. The United Nations' licence for its intergovernmental data.
LICENCE = (
    "Creative Commons Attribution 3.0 IGO (CC BY 3.0 IGO), "
    "https://creativecommons.org/licenses/by/3.0/igo/ - "
    "Source: United Nations Security Council Committee established pursuant to "
    "resolution 1540 (2004)"
)
LICENCE_URL = "https://creativecommons.org/licenses/by/3.0/igo/"
OPEN_DATA_FORMATS = ("csv", "json")


def last_modified(queryset: QuerySet[Any]) -> datetime | None:
    """When the data last changed: the newest ``updated_at`` of the rows, else the newest
    history record of the model (a member state keeps history, not a timestamp)."""
    model = queryset.model
    names = {field.name for field in model._meta.get_fields()}
    if "updated_at" in names:
        return queryset.aggregate(latest=Max("updated_at"))["latest"]
    history = getattr(model, "history", None)
    if history is not None:
        return history.aggregate(latest=Max("history_date"))["latest"]
    return None


def open_data_response(
    request: HttpRequest,
    fmt: str,
    *,
    viewset: Any,
    stem: str,
) -> HttpResponse:
    """What the public gets of an API ViewSet's list, as an open-data file."""
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404
    anonymous = AnonymousUser()
    queryset = list_queryset(viewset, anonymous)
    context = {"request": request, "acting_user": anonymous}
    serializer = viewset.serializer_class(queryset, many=True, context=context)
    records = serializer.data
    if fmt == "json":
        body = json.dumps(
            {
                "licence": LICENCE,
                "licence_url": LICENCE_URL,
                "count": len(records),
                "results": records,
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        content_type = "application/json; charset=utf-8"
    else:
        # The licence line first, as a comment line that readers skip (pandas: comment="#").
        body = "\ufeff# " + LICENCE + "\r\n" + table_csv(columns_of(serializer.child), records)[1:]
        content_type = "text/csv; charset=utf-8"
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    changed = last_modified(queryset)
    stamp = int(changed.timestamp()) if changed else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    response = not_modified or HttpResponse(body.encode(), content_type=content_type)

    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    # Public data: any cache may keep it, and must ask again (cheaply, with the ETag) after an hour.
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    if not_modified is None:
        stem_dated = f"{stem}-{timezone.localdate():%Y-%m-%d}"
        response["Content-Disposition"] = f'inline; filename="{stem_dated}.{fmt}"'
        response["X-Content-Type-Options"] = "nosniff"
    return response
