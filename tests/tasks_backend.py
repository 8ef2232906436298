"""The task backend of the test suite: the production queue, worked at once.

Each task is written to the database queue as in production (its arguments go through JSON), then
run straight away by django_tasks_db's own worker code — so an email reaches `mail.outbox` when
`email_send` is called, as before the outbox, and tests stay deterministic. A deferred task (a
retry, `run_after` in the future) only waits in the queue. Tests that exercise the queue itself use
the `task_worker` fixture (tests/conftest.py): plain `DatabaseBackend`, then `run_worker --batch`.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend, TaskResult
from django_tasks_db.management.commands.db_worker import Worker


class WorkedAtOnceBackend(DatabaseBackend):
    def enqueue(self, task, args, kwargs) -> TaskResult:
        result = super().enqueue(task, args, kwargs)
        if task.run_after is None or task.run_after <= timezone.now():
            db_result = result.db_result
            db_result.claim("tests")
            worker = Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name=self.alias,
                startup_delay=False,
                max_tasks=None,
                worker_id="tests",
                excluded_queue_names=[],
            )
            worker.run_task(db_result)
            db_result.refresh_from_db()
            return db_result.task_result
        return result
