"""The load-test report (bench/load.py): server times from Gunicorn's access log, memory growth."""

from bench import load


def test_server_times_are_grouped_by_bench_name(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        "accueil|200|12000\naccueil|200|30000\n-|200|5000\nAPI acteurs|500|250000\nmalformée\n", encoding="utf-8"
    )
    times = load.server_times(log)
    assert times == {"accueil": [12.0, 30.0], "API acteurs": [250.0]}
    assert load.percentile(times["accueil"], 50) in (12.0, 30.0)
    assert load.percentile([], 95) == 0.0


def test_memory_summary_compares_first_and_last_quarter():
    samples = [(t * 5.0, {1: 100.0 + t, 2: 90.0}) for t in range(8)]
    summary = load.memory_summary(samples)
    assert "premier quart" in summary and "pic 107 Mo" in summary
    assert load.memory_summary(samples[:2]) == ""


def test_report_puts_the_baseline_first_and_lists_errors():
    result = {
        "users": 20,
        "duration": 60,
        "workers": 3,
        "memory": [],
        "server": {"bonjour (référence)": [1.0, 2.0], "accueil": [40.0, 60.0]},
        "failures": [{"Method": "GET", "Name": "accueil", "Error": "500", "Occurrences": "2"}],
        "client": [
            {
                "Name": "accueil",
                "Request Count": "10",
                "Failure Count": "2",
                "50%": "50",
                "95%": "90",
                "99%": "99",
                "Requests/s": "1.5",
            },
            {
                "Name": "bonjour (référence)",
                "Request Count": "5",
                "Failure Count": "0",
                "50%": "3",
                "95%": "5",
                "99%": "6",
                "Requests/s": "0.5",
            },
            {
                "Name": "Aggregated",
                "Request Count": "15",
                "Failure Count": "2",
                "50%": "40",
                "95%": "90",
                "99%": "99",
                "Requests/s": "2.0",
            },
        ],
    }
    report = load.render(result)
    rows = [line for line in report.splitlines() if line.startswith("| ") and "point d'accès" not in line]
    assert rows[0].startswith("| bonjour (référence) |") and rows[-1].startswith("| Aggregated |")
    assert "| accueil | 10 | 2 | 50 | 90 | 99 | 40 | 60 | 60 | 1.5 |" in report
    assert "profil « saturation »" in report and "3 workers synchrones" in report
    assert "GET accueil : 500 (2 fois)" in report


def test_report_names_the_profile_and_the_worker_class():
    result = {
        "users": 20,
        "duration": 60,
        "workers": 2,
        "threads": 4,
        "think": "1-5",
        "memory": [],
        "server": {},
        "failures": [],
        "client": [],
        "load_before": (1.0, 2.0, 3.0),
        "load_after": (4.0, 5.0, 6.0),
    }
    report = load.render(result)
    assert "profil « utilisateurs » : chaque client attend 1 à 5 s" in report
    assert "2 workers `gthread` × 4 threads" in report and "avant 1.00 2.00 3.00, après 4.00 5.00 6.00" in report


def test_think_time_comes_from_the_environment():
    """Locust monkey-patches the process (gevent): the locustfile is imported in a child process."""
    import os
    import subprocess
    import sys

    probe = (
        "from bench import locustfile as f; print(min(f.Visitor.wait_time(None) for _ in range(50)), "
        "max(f.Member.wait_time(None) for _ in range(50)))"
    )
    env = {k: v for k, v in os.environ.items() if k != "BENCH_MANIFEST"}
    users = subprocess.run(
        [sys.executable, "-c", probe], env={**env, "BENCH_THINK": "1-5"}, capture_output=True, text=True, check=True
    ).stdout.split()
    assert float(users[0]) >= 1.0 and float(users[1]) <= 5.0
    saturation = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert float(saturation[1]) <= 0.3
