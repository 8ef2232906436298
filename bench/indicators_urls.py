"""URLs of the portrait benchmark: the project's URLs plus /bench-hello/."""

import time

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse("hello")


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started, cpu = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        # Wall time in Django, and the CPU time of this thread: on a shared, overloaded machine
        # the second says what the request costs, the first how long it waited for a core too.
        response["Server-Timing"] = (
            f"app;dur={(time.perf_counter() - started) * 1000:.2f}, cpu;dur={(time.thread_time() - cpu) * 1000:.2f}"
        )
        return response


urlpatterns = [path("bench-hello/", hello), *project_urlpatterns]
