"""Benchmark the public site as production serves it: `.venv/bin/python bench/run.py`.

gunicorn (2 sync workers, DEBUG off) serves the site on a free loopback port; wrk loads each page
in short slices that alternate with slices of a minimal Django view, the yardstick, so that both
meet the same machine even when its speed drifts during the run. This is done for two
datasets (the fixtures; the fixtures plus 1,000 cities and 5,000 initiatives), each with the page
cache on and off, and ends with a 60-second mixed load. The table, the machine and the workers'
memory are printed, the results written to bench/results/latest.json, and the exit status is 0
only if every target is met. bench/README.md says how to read it and which variables change it.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results" / "latest.json"
BIN = Path(sys.executable).parent  # .venv/bin: gunicorn sits beside the interpreter

MINIMAL = "/bench/minimal/"
PAGES = {
    "/": "cooperation page",
    "/gradove/kochani-makedoniya/": "partner city",
    "/kontakti/": "directory",
    "/kontakti/?q=98201": "directory search",
    "/gradove/partner-cities.json": "export",
}
DATASETS = {
    "a": "fixtures only",
    "b": "fixtures + 1,000 cities + 5,000 initiatives",
}
# Run order: the last server (dataset b, cache on) also takes the final load.
MODES = ("uncached", "cached")
TARGETS = {"cached": 0.8, "uncached": 0.3}  # a page's req/s at least this share of the minimal's

THREADS = 2  # wrk's; it shares the two cores with the server, as a proxy would
CONNECTIONS = 16
WARM_UP_SECONDS = 2
# Each page is measured in ROUNDS slices of SLICE_SECONDS, each right after a slice of the minimal
# view: a shared virtual machine's speed drifts by 10–20 % within a minute, so a yardstick measured
# once per server would favour the pages measured first.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
SLICE_SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
LOAD_CONNECTIONS = 50
# A page slower than this counts as a socket error (timeout). Measurements allow 10 s, so that a
# slow page still shows its real latency; the final load keeps wrk's default: none may take 2 s.
TIMEOUT = "10s"
LOAD_TIMEOUT = "2s"
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
READY_TIMEOUT = 20
BUSY_LOAD = 0.5  # a 1-minute load average above this before the start: warn of noisy numbers

REDIS_ADDRESS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of the benchmark's own, flushed freely


# --- wrk ------------------------------------------------------------------------------------


@dataclass
class Measurement:
    """What one wrk run tells: throughput, latency, and anything that went wrong."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    socket_errors: int
    bad_responses: int  # wrk's "Non-2xx or 3xx responses"

    @property
    def errors(self):
        return self.socket_errors + self.bad_responses


def ensure_wrk():
    """wrk is a Debian package, not a Python one: install it where we may, else say how."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is not installed: installing the Debian package wrk …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, env=env, check=False).returncode != 0:
            # A fresh machine may have no package lists yet.
            subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
            subprocess.run(install, env=env, check=False)
        if shutil.which("wrk"):
            return
    sys.exit(
        "wrk (the HTTP load tool) is not installed. Install it, then run this again:\n"
        "  Debian/Ubuntu: sudo apt-get install wrk\n"
        "  macOS:         brew install wrk"
    )


# What a browser sends: the site may then answer compressed (the open-data exports do).
ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br"


def wrk_options(seconds, connections=CONNECTIONS, timeout=TIMEOUT):
    return [
        "-H",
        ACCEPT_ENCODING,
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}",
        "--latency",
    ]


def wrk(url, seconds, connections=CONNECTIONS, timeout=TIMEOUT, mix=None):
    """Run wrk against `url` (with bench/mix.lua over the paths `mix`, if given) and parse it."""
    command = ["wrk", *wrk_options(seconds, connections, timeout)]
    if mix:
        command += ["-s", str(BENCH / "mix.lua"), url, "--", *mix]
    else:
        command.append(url)
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse_wrk(output)


def parse_wrk(output):
    """The numbers of wrk's report; the error lines appear only when there were errors."""
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Measurement(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=latency_ms(output, 50),
        p99_ms=latency_ms(output, 99),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
        bad_responses=int(bad.group(1)) if bad else 0,
    )


def latency_ms(output, percentile):
    """A percentile from wrk's --latency distribution, which picks its own unit per line."""
    value, unit = re.search(
        rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.M
    ).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1e3, "m": 6e4, "h": 3.6e6}[unit]


def measure_beside_minimal(base, path):
    """Warm the page up (both workers, the caches), then measure it and the minimal view in
    alternating slices; returns (page, minimal)."""
    wrk(base + path, WARM_UP_SECONDS)
    pages, minimals = [], []
    for _ in range(ROUNDS):
        minimals.append(wrk(base + MINIMAL, SLICE_SECONDS))
        pages.append(wrk(base + path, SLICE_SECONDS))
    return combined(pages), combined(minimals)


def combined(slices):
    """Slices of equal length as one measurement: requests and errors added up, the mean rate,
    the median slice's p50 and the worst slice's p99."""
    p50s = sorted(m.p50_ms for m in slices)
    return Measurement(
        rps=round(sum(m.rps for m in slices) / len(slices), 1),
        p50_ms=p50s[len(p50s) // 2],
        p99_ms=max(m.p99_ms for m in slices),
        requests=sum(m.requests for m in slices),
        socket_errors=sum(m.socket_errors for m in slices),
        bad_responses=sum(m.bad_responses for m in slices),
    )


# --- the server -----------------------------------------------------------------------------


def free_port():
    """A port nothing listens on now, on the loopback interface only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_status(port, path):
    """The status of one GET, redirects not followed and no proxy consulted."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@contextmanager
def gunicorn(env, log):
    """Serve the site with 2 sync workers; yield the master's process, stop it on the way out."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"), "kazanlak_site.wsgi:application",
        "--workers", "2", "--bind", f"127.0.0.1:{port}",
        "--pythonpath", str(ROOT), "--chdir", str(ROOT),
        "--access-logfile", "/dev/null", "--error-logfile", str(log),
    ]  # fmt: skip
    with open(log, "ab") as output:  # the app's own warnings go to stderr, beside gunicorn's
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=output
        )
    try:
        wait_until_ready(server, port, log)
        yield server, port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_ready(server, port, log):
    """Poll the minimal view: the workers import Django after gunicorn has bound the port."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        with suppress(OSError):
            if http_status(port, MINIMAL) == 200:
                return
        time.sleep(0.2)
    tail = Path(log).read_text(errors="replace")[-3000:]
    raise RuntimeError(f"gunicorn did not serve {MINIMAL} within {READY_TIMEOUT} s:\n{tail}")


def rss_kib(pid):
    """Resident memory of a process, from /proc/<pid>/status (VmRSS, in KiB)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def children(pid):
    """The processes whose parent is `pid`: gunicorn's workers."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with suppress(OSError):
            if re.search(rf"^PPid:\s+{pid}$", status.read_text(), re.M):
                found.append(int(status.parent.name))
    return sorted(found)


def server_memory(pid):
    """RSS of the master and of each worker, in MiB."""
    workers = {str(worker): round(rss_kib(worker) / 1024, 1) for worker in children(pid)}
    return {"master": round(rss_kib(pid) / 1024, 1), "workers": workers}


# --- databases and the cache ----------------------------------------------------------------


def postgres_server():
    """BENCH_DATABASE_URL, if the user wants PostgreSQL instead of temporary SQLite files."""
    return os.environ.get("BENCH_DATABASE_URL", "")


def database_url(dataset, tmp):
    """Where a dataset lives: its own database on the PostgreSQL server, or a SQLite file."""
    server = postgres_server()
    if server:
        return urlsplit(server)._replace(path=f"/kazanlak_bench_{dataset}").geturl()
    return f"sqlite:///{tmp / f'bench-{dataset}.sqlite3'}"


def postgres(sql_statements):
    """Run statements on the PostgreSQL server outside a transaction (CREATE/DROP DATABASE)."""
    connection = psycopg2.connect(postgres_server())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in sql_statements:
                cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def create_postgres_database(dataset):
    name = f"kazanlak_bench_{dataset}"
    postgres([f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"])


def drop_postgres_databases():
    postgres([f"DROP DATABASE IF EXISTS kazanlak_bench_{d} WITH (FORCE)" for d in DATASETS])


def describe_database():
    """The database for the machine block; a password in BENCH_DATABASE_URL is never shown."""
    server = postgres_server()
    if not server:
        return f"SQLite {sqlite3.sqlite_version} (temporary file per dataset)"
    (server_version,) = postgres(["SHOW server_version"])
    address = urlsplit(server)
    return f"PostgreSQL {server_version} at {address.hostname}:{address.port or 5432}"


def redis_running():
    """Whether a Redis server answers on the loopback interface's usual port."""
    try:
        socket.create_connection(REDIS_ADDRESS, timeout=1).close()
    except OSError:
        return False
    return True


def flush_cache(use_redis):
    """Each server starts with an empty page cache (local memory starts empty by itself)."""
    if use_redis:
        redis.Redis.from_url(REDIS_URL).flushdb()


def describe_cache(use_redis):
    if not use_redis:
        return "local memory (one per worker process; Redis not running on 127.0.0.1:6379)"
    server_version = redis.Redis.from_url(REDIS_URL).info("server")["redis_version"]
    return f"Redis {server_version} at {REDIS_URL} (shared by the workers)"


# --- environment and data -------------------------------------------------------------------


def base_environment(tmp, use_redis):
    """Production settings over plain http on loopback, everything kept in `tmp`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "LOG_LEVEL": "WARNING",  # no log line per request: the benchmark measures the site
    }
    env.pop("PAGE_CACHE_SECONDS", None)
    env.pop("BEHIND_TLS_PROXY", None)
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env, *arguments):
    """Run a manage.py command, quietly, failing loudly."""
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def prepare_dataset(dataset, env):
    """A fresh database with the fixtures, and for dataset b the generated cities and more."""
    if postgres_server():
        create_postgres_database(dataset)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_initial_data", "-v0")
    if dataset == "b":
        manage(env, "shell", "-c", "from bench.generate import generate; generate()")


# --- one server run -------------------------------------------------------------------------


def page_row(dataset, mode, path, port):
    """Measure one page beside the minimal view and judge it against the target."""
    target = TARGETS[mode]
    row = {"dataset": dataset, "cache": mode, "path": path, "page": PAGES[path], "target": target}
    status = http_status(port, path)
    row["status"] = status
    if status != 200:
        return {**row, "ratio": 0.0, "passed": False}
    measured, minimal = measure_beside_minimal(f"http://127.0.0.1:{port}", path)
    ratio = measured.rps / minimal.rps
    passed = ratio >= target and measured.errors == 0 and minimal.errors == 0
    return {
        **row, **asdict(measured), "errors": measured.errors, "minimal": {**asdict(minimal), "errors": minimal.errors},
        "ratio": round(ratio, 3), "passed": passed,
    }  # fmt: skip


def run_server(dataset, mode, env, tmp, use_redis, final_load):
    """Start a server, measure each page beside the minimal view; optionally the final load."""
    env = {**env, "PAGE_CACHE_SECONDS": "0"} if mode == "uncached" else env
    flush_cache(use_redis)
    print(f"\n== Dataset ({dataset}) {DATASETS[dataset]}, page cache {mode_label(mode)} ==")
    with gunicorn(env, tmp / f"gunicorn-{dataset}-{mode}.log") as (server, port):
        wrk(f"http://127.0.0.1:{port}{MINIMAL}", WARM_UP_SECONDS)
        print_header(TARGETS[mode])
        rows = []
        for path in PAGES:
            rows.append(page_row(dataset, mode, path, port))
            print_row(rows[-1])
        result = {"pages": rows}
        if final_load:
            result["load"] = final_load_run(port)
            result["memory"] = server_memory(server.pid)
    return result


def final_load_run(port):
    """Many connections for a minute on all the pages in turn: nothing may fail."""
    print(f"\nFinal load: {LOAD_SECONDS} s, {LOAD_CONNECTIONS} connections, the pages in turn")
    base = f"http://127.0.0.1:{port}"
    measured = wrk(base, LOAD_SECONDS, LOAD_CONNECTIONS, LOAD_TIMEOUT, mix=list(PAGES))
    passed = measured.socket_errors == 0 and measured.bad_responses == 0
    print(
        f"  {measured.requests} requests, {measured.rps:.1f} req/s, p50 {measured.p50_ms:.2f} ms,"
        f" p99 {measured.p99_ms:.2f} ms, socket errors {measured.socket_errors},"
        f" non-2xx/3xx {measured.bad_responses}  {verdict(passed)}"
    )
    return {**asdict(measured), "seconds": LOAD_SECONDS, "passed": passed}


# --- printing -------------------------------------------------------------------------------


def mode_label(mode):
    return "on" if mode == "cached" else "off (PAGE_CACHE_SECONDS=0)"


def verdict(passed):
    return "PASS" if passed else "FAIL"


COLUMNS = "{:<46} {:>9} {:>8} {:>8} {:>9} {:>8} {:>6} {:>6}  {}"


def print_header(target):
    print(
        COLUMNS.format(
            "page",
            "req/s",
            "p50 ms",
            "p99 ms",
            "minimal",
            "min p50",
            "ratio",
            "errors",
            f"≥ {target:.2f}",
        )
    )


def print_row(row):
    label = f"{row['page']} {row['path']}"
    if row["status"] != 200:
        print(COLUMNS.format(label, *"-" * 7, f"FAIL (HTTP {row['status']})"))
        return
    print(
        COLUMNS.format(
            label, f"{row['rps']:.1f}", f"{row['p50_ms']:.2f}", f"{row['p99_ms']:.2f}",
            f"{row['minimal']['rps']:.1f}", f"{row['minimal']['p50_ms']:.2f}",
            f"{row['ratio']:.2f}", row["errors"],
            verdict(row["passed"]),
        )
    )  # fmt: skip


def print_machine(machine, memory):
    print("\nMachine")
    for key, value in machine.items():
        print(f"  {key:<10} {value}")
    workers = ", ".join(f"{rss} MiB (pid {pid})" for pid, rss in memory["workers"].items())
    print(
        f"\nResident memory after the final load: master {memory['master']} MiB; workers {workers}"
    )


def print_summary(failures, load_passed, seconds):
    print()
    for row in failures:
        why = (
            f"HTTP {row['status']}"
            if row["status"] != 200
            else f"{row['ratio']:.2f} × minimal (target {row['target']:.2f}),"
            f" {row['errors']} errors, {row['minimal']['errors']} on the minimal view"
        )
        cache = "on" if row["cache"] == "cached" else "off"
        print(f"FAIL: dataset ({row['dataset']}), cache {cache}, {row['path']}: {why}")
    if not load_passed:
        print("FAIL: the final load had errors")
    print(f"Overall: {verdict(not failures and load_passed)}  ({seconds:.0f} s in all)")


# --- the machine ----------------------------------------------------------------------------


def load_average():
    """The 1-minute load average: what else was using the CPU just before the benchmark."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def warn_if_busy(load):
    """wrk and gunicorn need the whole machine: anything else running skews every ratio."""
    if load > BUSY_LOAD:
        print(
            f"Warning: the load average is {load:.2f} before the start: something else is using"
            " the CPU, and the numbers will vary with it."
        )


def machine(database, cache, load):
    """What the numbers were measured on: they mean little without it."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory_kib = int(
        re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)[1]
    )
    wrk_banner = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "cpu": model.group(1) if model else "unknown",
        "cpus": os.cpu_count(),
        "memory": f"{memory_kib / 1024 / 1024:.1f} GiB",
        "python": sys.version.split()[0],
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "wrk": re.search(r"wrk (\S+)", wrk_banner)[1],
        "database": database,
        "cache": cache,
        "load": f"{load:.2f} (1-minute load average before the run)",
    }


# --- main -----------------------------------------------------------------------------------


def benchmark(tmp):
    """Every dataset and mode, then the final load; returns the results as one dict."""
    use_redis = redis_running()
    load = load_average()
    warn_if_busy(load)
    print(
        f"Each page: a {WARM_UP_SECONDS} s warm-up, then {ROUNDS} rounds of the minimal view and"
        f" the page, each wrk {' '.join(wrk_options(SLICE_SECONDS))};"
        " gunicorn, 2 sync workers, DEBUG off, on 127.0.0.1"
    )
    env = base_environment(tmp, use_redis)
    manage(env, "collectstatic", "--noinput", "-v0")  # WhiteNoise's manifest: pages need it
    runs = {}
    for dataset in DATASETS:
        env["DATABASE_URL"] = database_url(dataset, tmp)
        prepare_dataset(dataset, env)
        for mode in MODES:
            last = dataset == "b" and mode == "cached"
            runs[f"{dataset}-{mode}"] = run_server(dataset, mode, env, tmp, use_redis, last)
    final = runs["b-cached"]
    return {
        "machine": machine(describe_database(), describe_cache(use_redis), load),
        "settings": {
            "wrk": wrk_options(SLICE_SECONDS),
            "rounds": ROUNDS,
            "warm_up_seconds": WARM_UP_SECONDS,
            "load": wrk_options(LOAD_SECONDS, LOAD_CONNECTIONS, LOAD_TIMEOUT),
            "targets": TARGETS,
        },
        "runs": runs,
        "load": final.pop("load"),
        "memory_mib": final.pop("memory"),
    }


def main():
    started = time.monotonic()
    ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="kazanlak-bench-"))
    try:
        results = benchmark(tmp)
    finally:
        if postgres_server():
            drop_postgres_databases()
        shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.monotonic() - started
    rows = [row for run in results["runs"].values() for row in run["pages"]]
    failures = [row for row in rows if not row["passed"]]
    passed = not failures and results["load"]["passed"]
    results |= {"seconds": round(seconds), "passed": passed}
    print_machine(results["machine"], results["memory_mib"])
    print_summary(failures, results["load"]["passed"], seconds)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Results: {RESULTS.relative_to(ROOT)}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
