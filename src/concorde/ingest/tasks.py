"""The background task a worker (`concorde db_worker`) runs for each import."""
from django_tasks import task

from . import jobs


@task()
def run_import(job_id: int) -> None:
    jobs.run(job_id)
