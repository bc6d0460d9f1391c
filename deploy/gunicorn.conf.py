"""gunicorn settings for production (`gunicorn -c deploy/gunicorn.conf.py committee.wsgi`)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two workers per core is the usual start for a mostly I/O-bound Django site.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage (0 turns it off: the
# HTTP benchmark measures steady serving, not the restarts of workers).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    # Prometheus multiprocess mode (core/metrics.py): a worker that exited (recycled after
    # max_requests, or killed) no longer counts in the live gauges of /metrics.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
