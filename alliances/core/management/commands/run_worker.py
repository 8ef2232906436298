"""Run the background worker: queued tasks (emails first) and the periodic jobs at their time.

The one process to keep running in production (systemd, a container…) beside the web servers:
`alliances run_worker`. Every `--interval` seconds (and after each batch of tasks) it enqueues the
periodic jobs that are due (`alliances.core.periodic`), then runs every ready task of every queue
with django_tasks_db's own worker. `--batch` does one round and exits (tests, or a cron line).
"""

from __future__ import annotations

import signal
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.dateparse import parse_datetime
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from alliances.core.periodic import periodic_enqueue_due

# Tasks run between two looks at the schedule: a long queue never starves the periodic jobs.
TASKS_PER_ROUND = 100


class Command(BaseCommand):
    help = "Exécute les tâches de fond (courriels, exports…) et lance les tâches périodiques à leur heure."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="un seul tour : tâches prêtes, puis sortie")
        parser.add_argument("--interval", type=float, default=5.0, help="secondes entre deux tours (défaut 5)")
        parser.add_argument("--no-periodic", action="store_true", help="ne lance pas les tâches périodiques")
        parser.add_argument("--now", help="date et heure ISO prises pour « maintenant » par le calendrier (essais)")

    def handle(self, *args, batch=False, interval=5.0, no_periodic=False, now=None, **options):
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError("TASKS doit utiliser django_tasks_db.DatabaseBackend (la file en base).")
        fixed_now: datetime | None = parse_datetime(now) if now else None
        if now and fixed_now is None:
            raise CommandError(f"Date illisible : {now}")
        if fixed_now is not None and timezone.is_naive(fixed_now):
            fixed_now = timezone.make_aware(fixed_now)
        worker_id = get_random_string(32)
        stopping: list[bool] = []
        current: list[Worker] = []
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

        def stop(_signum, _frame):
            # The first signal lets the running task finish, a second one stops at once.
            if stopping:
                raise SystemExit(1)
            stopping.append(True)
            for worker in current:
                worker.running = False

        if not batch:
            for sig in previous:
                signal.signal(sig, stop)
        try:
            while not stopping:
                if not no_periodic:
                    for name in periodic_enqueue_due(now=fixed_now):
                        self.stdout.write(f"Tâche périodique mise en file : {name}")
                if DBTaskResult.objects.ready().exists():
                    worker = Worker(
                        queue_names=["*"],
                        interval=0,
                        batch=True,
                        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                        startup_delay=False,
                        max_tasks=None if batch else TASKS_PER_ROUND,
                        worker_id=worker_id,
                        excluded_queue_names=[],
                    )
                    current[:] = [worker]
                    worker.run()
                elif not batch:
                    close_old_connections()
                    time.sleep(interval)
                if batch:
                    return
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
