"""HTTP benchmark at full demo scale: gunicorn on this machine, PostgreSQL and Redis.

Run by hand (not part of the test suite), after loading the demo data at full scale:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/committee1540_bench \\
    REDIS_URL=redis://127.0.0.1:6379/7 .venv/bin/python benchmarks/pages.py

It starts gunicorn with the production settings (DEBUG off) and benchmarks/settings.py, which adds
one trivial view, then measures each page with wrk (Debian's package) and prints requests per
second and the median and 95th-percentile latency of each, and each as a ratio to the trivial
view measured in the same run, just before the page (BENCH_ROUNDS rounds of BENCH_DURATION each;
the row shows the round with the median ratio). Anonymous requests: what the public reads, cached
pages included. About 9 minutes with the defaults.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8181"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

PAGES = [
    ("trivial Django view", "/bench/trivial"),
    ("home page", "/"),
    ("states list", "/states/"),
    ("a state's page", "/states/CHN/"),
    ("API: states list", "/api/v1/states/"),
    ("API: reports list", "/api/v1/reports/"),
]
# Pages of the other parts, measured when they exist in this checkout.
OPTIONAL_PAGES = [
    ("matrix statistics", "/matrices/statistics/"),
    ("API: matrix statistics", "/api/v1/matrix-statistics/"),
    ("public matrices list", "/matrices/"),
    ("assistance database: requests", "/assistance/requests/"),
    ("assistance database: offers", "/assistance/offers/"),
    ("API: assistance requests", "/api/v1/assistance/requests/"),
    ("API: assistance offers", "/api/v1/assistance/offers/"),
    ("API: events", "/api/v1/events/"),
]


def status_of(url: str) -> int:
    return fetch(url)[0]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is answered as it is (3xx), not followed


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url: str) -> tuple[int, str]:
    """The status and the X-Page-Cache header ("hit", "miss" or "-") of one GET, redirects not
    followed."""
    try:
        with _opener.open(url, timeout=30) as response:
            return response.status, response.headers.get("X-Page-Cache", "-")
    except urllib.error.HTTPError as error:
        return error.code, "-"
    except OSError:
        return 0, "-"


def wrk(url: str) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "-s",
            str(ROOT / "benchmarks/report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 1
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "set DATABASE_URL to the PostgreSQL database holding the full demo data",
            file=sys.stderr,
        )
        return 1
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": WORKERS,
        # The load comes from one address: the public's allowance would turn it into 429s.
        "API_THROTTLE_ANONYMOUS": "off",
        # Workers are recycled every 2,000 requests in production; at benchmark rates that is a
        # restart every few seconds, which would measure Django's start-up, not serving.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            os.environ.get("BENCH_ERROR_LOG", "-"),
            "benchmarks.settings_wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(120):
            if status_of(base + "/healthz") == 200:
                break
            time.sleep(0.5)
        else:
            print("gunicorn did not become healthy", file=sys.stderr)
            return 1
        pages = PAGES + [
            (name, path) for name, path in OPTIONAL_PAGES if status_of(base + path) == 200
        ]
        trivial_path = pages[0][1]
        rows = []
        for name, path in pages[1:]:
            status_of(base + path)  # warm the page cache and the workers
            status, cached = fetch(base + path)
            if status != 200:  # wrk counts only 4xx and 5xx: a redirect would pass unseen
                print(f"{path} answers {status}, not 200", file=sys.stderr)
                return 1
            # Each round measures the trivial view right before the page, so that both see the
            # same machine; the row shows the round with the median ratio.
            rounds = []
            for _ in range(ROUNDS):
                rounds.append((wrk(base + trivial_path), wrk(base + path)))
                print(  # progress, on stderr: the table comes at the end
                    f"{time.strftime('%H:%M:%S')} {path}: trivial {rounds[-1][0]['rps']:.0f}, "
                    f"page {rounds[-1][1]['rps']:.0f} req/s",
                    file=sys.stderr,
                )
            rounds.sort(key=lambda pair: pair[1]["rps"] / pair[0]["rps"])
            rows.append((name, path, cached, rounds))
        print(
            f"\n{time.strftime('%Y-%m-%d')} · {platform.node()} · {os.cpu_count()} cores · "
            f"gunicorn {WORKERS} workers · wrk 2 threads, {CONNECTIONS} connections, {DURATION} · "
            f"{ROUNDS} rounds · page cache {os.environ.get('PUBLIC_PAGE_CACHE_SECONDS', '600')} s\n"
        )
        print(
            "| page | path | page cache | req/s | trivial req/s | ratio to trivial | "
            "ratios of the rounds | median ms | p95 ms | errors and non-2xx |"
        )
        print("|---|---|---|---:|---:|---:|---|---:|---:|---:|")
        failed = []
        for name, path, cached, rounds in rows:
            trivial, page = rounds[len(rounds) // 2]
            ratios = [p["rps"] / t["rps"] for t, p in rounds]
            errors = sum(r["non2xx"] + r["errors"] for pair in rounds for r in pair)
            if errors:
                failed.append(path)
            print(
                f"| {name} | `{path}` | {cached} | {page['rps']:.0f} | {trivial['rps']:.0f} | "
                f"{page['rps'] / trivial['rps']:.2f} | "
                f"{' '.join(f'{ratio:.2f}' for ratio in ratios)} | "
                f"{page['p50'] / 1000:.1f} | {page['p95'] / 1000:.1f} | {errors} |"
            )
        cached_pages = [
            sorted(p["rps"] / t["rps"] for t, p in rounds)
            for _, path, cached, rounds in rows
            if cached == "hit" and not path.startswith("/api/")
        ]
        if cached_pages:
            medians = [ratios[len(ratios) // 2] for ratios in cached_pages]
            print(
                f"\nCached public pages ({len(cached_pages)}): median ratios from "
                f"{min(medians):.2f} to {max(medians):.2f}; the lowest single round "
                f"{min(ratios[0] for ratios in cached_pages):.2f}."
            )
        if failed:
            print(f"\nNOT VALID: errors or non-2xx answers on {', '.join(failed)}")
            return 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
