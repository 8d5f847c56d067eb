"""Gunicorn settings for Concorde (`gunicorn -c deploy/gunicorn.conf.py`).

One thread per process, 2 × cores + 1 processes: threads of one Python process wait for one
another, processes do not. Measured with bench/dashboard.py on 2 cores and 20 clients: p95 of
a cached dashboard 124–146 ms with 2 processes × 4 threads, 84–87 ms with 4 or 5 × 1 (the same
code), 48 ms with the code of this version."""
import multiprocessing
import os

wsgi_app = "concorde.wsgi:application"
bind = os.environ.get("CONCORDE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CONCORDE_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = 1
timeout = 60  # a PDF dossier or a big import page can take a while; nothing should take more
max_requests = 5000  # a process is replaced now and then: memory stays flat
max_requests_jitter = 500
