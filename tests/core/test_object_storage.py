"""Files on S3-compatible object storage (issue 18, "More than one host"; Done when, 4).

A real S3 server (moto's server mode, on a free local port) holds the files. Two gunicorn
processes with the production settings (DEBUG off) share nothing but PostgreSQL, Redis and that
object store: each has a MEDIA_ROOT of its own, which stays empty. A document uploaded through one
is downloaded through the other; a matrix PDF built by a real Celery worker is served by both;
neither is reachable without permission, through the site or straight from the bucket."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection

from core.demo import minimal_pdf
from states.matrices.choices import MatrixStatus
from states.matrices.models import MatrixPdf
from states.reports.models import ReportDocument
from tests.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "committee-files"
ACCESS_KEY, SECRET_KEY = "test-access-key", "test-secret-key"  # moto accepts any pair
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs REDIS_URL: the two web hosts and the worker share Redis (CI sets it)",
)
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: two web hosts share the database (CI runs it)",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_server():
    """moto's S3 server in a thread of this process, with the bucket created; its address."""
    moto_server = pytest.importorskip("moto.server")
    import boto3

    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


@pytest.fixture
def object_storage(settings, s3_server):
    """This process (the services, the Celery worker) stores its files in the bucket, with the
    options the settings give the S3 storage; returns the environment that says the same to the
    web hosts."""
    endpoint, client = s3_server
    env = {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_REGION": "us-east-1",
    }
    # The settings module reads these when it is imported: import it afresh with them.
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'committee.settings'; "
        "from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    default = json.loads(result.stdout.strip().splitlines()[-1])
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return env, client


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{quote(db['USER'] or '', safe='')}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def web_hosts(transactional_db, object_storage, tmp_path):
    """Two gunicorn processes, production settings, one worker each, on the test database (the
    test's data is committed: transactional), the same Redis and the bucket; a MEDIA_ROOT each."""
    env_s3, _client = object_storage
    secret = secrets.token_urlsafe(50)
    hosts, processes = [], []
    for name in ("a", "b"):
        port = _free_port()
        media = tmp_path / f"media-{name}"
        media.mkdir()
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTEST_XDIST_WORKER", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT"}
        }
        environment.update(
            env_s3,
            DEBUG="false",
            HTTPS="false",
            SECRET_KEY=secret,
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=_database_url(),
            REDIS_URL=os.environ["REDIS_URL"],
            MEDIA_ROOT=str(media),
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="1",
            GUNICORN_THREADS="2",
            LOG_LEVEL="WARNING",
        )
        log = (tmp_path / f"gunicorn-{name}.log").open("w")
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "committee.wsgi",
                ],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        hosts.append({"url": f"http://127.0.0.1:{port}", "media": media, "log": log.name})

    def answering(host, process) -> bool:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{Path(host['log']).read_text()[-3000:]}")
        try:
            # Any answer will do (the health check may report the worker as down): it serves.
            requests.get(f"{host['url']}/healthz", timeout=10)
        except (requests.ConnectionError, requests.Timeout):
            return False
        return True

    try:
        for host, process in zip(hosts, processes, strict=True):
            wait_until(lambda h=host, p=process: answering(h, p), timeout=60, interval=0.2)
        yield hosts
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _token(user) -> dict[str, str]:
    from knox.models import AuthToken

    return {"Authorization": f"Token {AuthToken.objects.create(user=user)[1]}"}


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _assert_private_in_bucket(client, endpoint: str, name: str) -> None:
    """The object is in the bucket, readable with the keys, and by nobody without them."""
    assert client.head_object(Bucket=BUCKET, Key=name)["ContentLength"] > 0
    grants = client.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)
    anonymous = requests.get(f"{endpoint}/{BUCKET}/{quote(name)}", timeout=5)
    assert anonymous.status_code == 403
    assert not anonymous.content.startswith(b"%PDF")


@needs_redis
@needs_postgresql
def test_two_web_hosts_serve_the_same_files_from_the_object_store_and_only_with_permission(
    web_hosts, object_storage, celery_worker, build_matrix, poc_chn, poc_bra, expert
):
    env_s3, client = object_storage
    endpoint = env_s3["S3_ENDPOINT_URL"]
    first, second = web_hosts

    # A national report uploaded through the first host (its POC, through the API)...
    content = minimal_pdf("National report of China", "Uploaded through the first host.")
    created = requests.post(
        f"{first['url']}/api/v1/reports/",
        headers=_token(poc_chn),
        data={"state": "CHN", "kind": "additional", "language": "en", "draft": "1"},
        files={"document": ("report.pdf", content, "application/pdf")},
        timeout=30,
    )
    assert created.status_code == 201, created.text[:2000]
    report_id = created.json()["id"]
    download = f"/api/v1/reports/{report_id}/document/"

    # ...is downloaded through the second, the same bytes, by the rightful user.
    served = requests.get(f"{second['url']}{download}", headers=_token(poc_chn), timeout=30)
    assert served.status_code == 200, served.text[:2000]
    assert served.content == content
    assert served.headers["Cache-Control"] == "private, no-store"

    # A matrix PDF requested through the first host is built by the worker (a process of its
    # own in production; here a thread of the test's) and served by both hosts.
    matrix = build_matrix("CHN", MatrixStatus.DRAFT, marks={"OP1-N-NPT": "X"})
    pdf_path = f"/api/v1/matrices/{matrix.pk}/pdf/"
    queued = requests.get(f"{first['url']}{pdf_path}", headers=_token(expert), timeout=30)
    assert queued.status_code == 202, queued.text[:2000]

    def built_on(host):
        response = requests.get(f"{host['url']}{pdf_path}", headers=_token(expert), timeout=30)
        return response if response.status_code == 200 else None

    from_second = wait_until(lambda: built_on(second), timeout=40, interval=0.5)
    from_first = built_on(first)
    assert from_first is not None
    assert from_second.content.startswith(b"%PDF")
    assert from_first.content == from_second.content
    assert from_second.headers["Content-Type"] == "application/pdf"

    # Neither file is reachable without permission, through either host...
    for host in web_hosts:
        for path in (download, f"/reports/{report_id}/document/", pdf_path):
            for headers in ({}, _token(poc_bra)):
                refused = requests.get(
                    f"{host['url']}{path}", headers=headers, allow_redirects=False, timeout=30
                )
                assert refused.status_code in {302, 401, 403, 404}, (host["url"], path, headers)
                assert not refused.content.startswith(b"%PDF")

    # ...nor straight from the bucket: the objects are private. Nothing went to a host's disk.
    report_file = ReportDocument.objects.get(report_id=report_id).file.name
    matrix_file = MatrixPdf.objects.get(matrix=matrix, language="en").file.name
    for name in (report_file, matrix_file):
        _assert_private_in_bucket(client, endpoint, name)
    assert _files_in(first["media"]) == _files_in(second["media"]) == []


def test_a_backup_holds_the_objects_of_the_bucket_and_restores_them_there(
    object_storage, db, tmp_path
):
    """Backups follow the storage: the bucket's objects go into the archive, and come back."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core import backup

    _env, client = object_storage
    name = default_storage.save("reports/1/report.pdf", ContentFile(minimal_pdf("Stored")))
    archive = tmp_path / "backup.tar.gz"
    backup.create_backup(archive)

    with tarfile.open(archive, "r:gz") as opened:
        member = opened.extractfile(f"{backup.MEDIA}/{name}")
        assert member is not None
        assert member.read() == minimal_pdf("Stored")

    client.delete_object(Bucket=BUCKET, Key=name)
    assert not default_storage.exists(name)
    backup._restore_stored_files(_unpacked_media(archive, tmp_path / "unpacked"))
    with default_storage.open(name, "rb") as restored:
        assert restored.read() == minimal_pdf("Stored")
    assert all(
        grant["Grantee"].get("URI") != ALL_USERS
        for grant in client.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    )


def _unpacked_media(archive: Path, folder: Path) -> Path:
    with tarfile.open(archive, "r:gz") as opened:
        opened.extractall(folder, filter="data")
    return folder / "media"


def test_without_s3_bucket_the_files_stay_on_the_local_disk():
    """`make run` needs no object store: the local file system is the default."""
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'committee.settings'; "
        "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("S3_")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == ("django.core.files.storage.FileSystemStorage")
