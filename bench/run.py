"""Benchmark the public site against yardsticks served the same way: `.venv/bin/python bench/run.py`.

For each dataset (the fixtures; the fixtures plus 1,000 cities and 5,000 initiatives) five
servers run side by side on loopback ports (bench/servers.py):

    bare      a bare Django 5.2 project (bench/bare/) answering a copy of the page, under gunicorn
    cached    the site under gunicorn, its page cache on
    uncached  the same with PAGE_CACHE_SECONDS=0
    static    nginx serving the copy of the page as a file
    nginx     nginx, configured as `make serve-proxy` (deploy/nginx/), in front of `cached`

wrk loads each page on all five in short alternating slices, so that all meet the machine in the
same state (a virtual machine's speed drifts by 10–20 % within a minute), and three ratios are
judged: cached ÷ bare, uncached ÷ bare, nginx ÷ static. Every public page's SQL queries are counted
with each dataset (bench/queries.py) and must not change with the amount of data. A mixed load
ends the run. The tables, the machine and the workers' memory are printed, the results written to
bench/results/latest.json, and the exit status is 0 only if every target is met.
"""

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
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import redis
import servers

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results" / "latest.json"

# The pages measured; their names also name their copies for the yardsticks.
PAGES = {
    "/": "cooperation page",
    "/gradove/kochani-makedoniya/": "partner city",
    "/kontakti/": "directory",
    "/kontakti/?q=98201": "directory search",
}
DATASETS = {
    "a": "fixtures only",
    "b": "fixtures + 1,000 cities + 5,000 initiatives",
}
# The servers (see above), in the order each round visits them.
SERVERS = ("bare", "cached", "uncached", "static", "nginx")
# Each judged server: (its yardstick, the least share of the yardstick's req/s it must reach).
TARGETS = {"cached": ("bare", 0.75), "uncached": ("bare", 0.05), "nginx": ("static", 0.5)}
# The fixtures have no initiatives, and a list without rows skips its prefetch queries; query
# counts are compared between the generated data and the fixtures plus this many initiatives.
FEW_INITIATIVES = 10

THREADS = 2  # wrk's; it shares the two cores with the servers, as a proxy would
CONNECTIONS = 16
WARM_UP_SECONDS = 1
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
SLICE_SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
LOAD_CONNECTIONS = 50
# A page slower than this counts as a socket error (timeout). Measurements allow 10 s, so that a
# slow page still shows its real latency; the final load keeps wrk's default: none may take 2 s.
TIMEOUT = "10s"
LOAD_TIMEOUT = "2s"
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
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


def ensure_tools():
    """wrk and nginx are Debian packages, not Python ones: install them where we may."""
    missing = ("" if shutil.which("wrk") else "wrk ") + servers.nginx_missing()
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing the Debian packages {missing} …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", *missing.split()]
        if subprocess.run(install, env=env, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)  # no lists yet
            subprocess.run(install, env=env, check=False)
        missing = ("" if shutil.which("wrk") else "wrk ") + servers.nginx_missing()
    if missing:
        sys.exit(
            f"Missing: {missing}. Install them, then run this again:\n"
            f"  Debian/Ubuntu: sudo apt-get install {missing}"
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


def measure_in_turn(urls):
    """Warm each server up on its URL (both workers, the caches), then measure them in ROUNDS
    rounds of one slice each: {server: Measurement}."""
    for url in urls.values():
        wrk(url, WARM_UP_SECONDS)
        settle(url)
    slices = {name: [] for name in urls}
    for _ in range(ROUNDS):
        for name, url in urls.items():
            slices[name].append(wrk(url, SLICE_SECONDS))
            settle(url)
    return {name: combined(measured) for name, measured in slices.items()}


def settle(url):
    """Wait until the server has worked off the requests wrk left queued when it stopped: a
    gunicorn worker still answers each one, and a slow page's 16 (a second of work uncached)
    would eat into the next server's slice. One more request queues behind them (the other
    worker may still be finishing one)."""
    address = urlsplit(url)
    servers.http_get(address.port, address.path + (f"?{address.query}" if address.query else ""))


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


def describe_cache(use_redis):
    pages = "pages in each worker's memory (the site's one page cache)"
    if not use_redis:
        return f"{pages}; shared cache: none (Redis not running on 127.0.0.1:6379)"
    server_version = redis.Redis.from_url(REDIS_URL).info("server")["redis_version"]
    return f"{pages}; shared cache: Redis {server_version} at {REDIS_URL}"


# --- environment and data -------------------------------------------------------------------


def site_environment(tmp, use_redis):
    """Production settings over plain http on loopback, everything kept in `tmp`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kazanlak_site.settings",
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
        "WEB_CONCURRENCY": str(servers.WORKERS),
    }
    for name in ("PAGE_CACHE_SECONDS", "BEHIND_TLS_PROXY", "REDIS_URL"):
        env.pop(name, None)
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def bare_environment(copies):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bare.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BENCH_COPIES": str(copies),
    }


def uncached(env):
    return {**env, "PAGE_CACHE_SECONDS": "0"}


def python(env, *arguments):
    """Run the project's Python (manage.py, a module of bench/), quietly, failing loudly."""
    subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def generate(env, **amounts):
    arguments = ", ".join(f"{name}={number}" for name, number in amounts.items())
    python(
        env,
        "manage.py",
        "shell",
        "-c",
        f"from bench.generate import generate; generate({arguments})",
    )


def prepare_dataset(dataset, env):
    """A fresh database with the fixtures, and for dataset b the generated cities and more."""
    if postgres_server():
        create_postgres_database(dataset)
    python(env, "manage.py", "migrate", "--noinput", "-v0")
    python(env, "manage.py", "load_initial_data", "-v0")
    if dataset == "b":
        generate(env)


def count_queries(env, tmp, name, paths=None):
    """bench/queries.py on the database of `env`: {path: {status, queries, route}}."""
    out = tmp / f"queries-{name}.json"
    arguments = ["-m", "bench.queries", str(out)]
    if paths is not None:
        listed = tmp / f"paths-{name}.json"
        listed.write_text(json.dumps(paths))
        arguments.append(str(listed))
    python(uncached(env), *arguments)
    return json.loads(out.read_text())


# --- one dataset ----------------------------------------------------------------------------


def copy_name(path):
    return PAGES[path].replace(" ", "-") + ".html"


# Headers that gunicorn (or nginx) writes for any answer, or that follow from the body: the
# yardsticks' servers write their own.
SERVER_HEADERS = {"server", "date", "connection", "content-length", "transfer-encoding"}


def save_copies(port, folder):
    """Each page's HTML as the site sends it, into `folder`, with the headers the site sends with
    it (security headers, ETag, Cache-Control…) beside it as `<copy>.headers`, a JSON list that
    the bare project answers too: {path: size in bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for path in PAGES:
        status, headers, body = servers.http_get_with_headers(port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: nothing to copy")
        (folder / copy_name(path)).write_bytes(body)
        page_headers = [[name, value] for name, value in headers
                        if name.lower() not in SERVER_HEADERS]  # fmt: skip
        (folder / f"{copy_name(path)}.headers").write_text(json.dumps(page_headers))
        sizes[path] = len(body)
    return sizes


@contextmanager
def all_servers(env, tmp, dataset, use_redis):
    """The five servers of one dataset: yields ({server: port}, the copies' sizes, the cached
    site's gunicorn process)."""
    if use_redis:
        redis.Redis.from_url(REDIS_URL).flushdb()
    log = tmp / f"servers-{dataset}.log"
    copies = tmp / f"copies-{dataset}"
    with ExitStack() as stack:
        app = "kazanlak_site.wsgi:application"
        site, cached = stack.enter_context(servers.gunicorn(app, env, log, "/healthz"))
        _, uncached_port = stack.enter_context(
            servers.gunicorn(app, uncached(env), log, "/healthz")
        )
        sizes = save_copies(uncached_port, copies)
        probe = "/" + copy_name("/")
        _, bare = stack.enter_context(
            servers.gunicorn("bench.bare.wsgi:application", bare_environment(copies), log, probe)
        )
        static = servers.free_port()
        servers.write_static_config(tmp / f"nginx-static-{dataset}", static, copies)
        stack.enter_context(servers.nginx(tmp / f"nginx-static-{dataset}", static, probe, log))
        proxy = servers.free_port()
        servers.write_proxy_config(tmp / f"nginx-proxy-{dataset}", proxy, cached)
        stack.enter_context(servers.nginx(tmp / f"nginx-proxy-{dataset}", proxy, "/", log))
        ports = {"bare": bare, "cached": cached, "uncached": uncached_port, "static": static,
                 "nginx": proxy}  # fmt: skip
        yield ports, sizes, site


def page_urls(ports, path):
    """Where each server answers `path`: the yardsticks at its copy's name."""
    copy = "/" + copy_name(path)
    paths = {"bare": copy, "static": copy}
    return {name: f"http://127.0.0.1:{ports[name]}{paths.get(name, path)}" for name in SERVERS}


def page_row(dataset, path, ports, size):
    """Measure one page on the five servers and judge the three ratios."""
    measured = measure_in_turn(page_urls(ports, path))
    ratios = {}
    for name, (yardstick, target) in TARGETS.items():
        ratio = measured[name].rps / measured[yardstick].rps
        clean = measured[name].errors == 0 and measured[yardstick].errors == 0
        ratios[name] = {"ratio": round(ratio, 3), "target": target,
                        "passed": ratio >= target and clean}  # fmt: skip
    servers_ = {name: {**asdict(m), "errors": m.errors} for name, m in measured.items()}
    return {"dataset": dataset, "path": path, "page": PAGES[path], "bytes": size,
            "servers": servers_, "ratios": ratios}  # fmt: skip


def measure_dataset(dataset, env, tmp, use_redis, final_load):
    print(f"\n== Dataset ({dataset}) {DATASETS[dataset]} ==")
    with all_servers(env, tmp, dataset, use_redis) as (ports, sizes, site):
        print_header()
        rows = []
        for path in PAGES:
            rows.append(page_row(dataset, path, ports, sizes[path]))
            print_row(rows[-1])
        result = {"pages": rows}
        if final_load:
            result["load"] = final_load_run(ports["cached"])
            result["memory"] = server_memory(site.pid)
    return result


def final_load_run(port):
    """Many connections on the app alone (cached), all the pages in turn: nothing may fail."""
    print(f"\nFinal load: {LOAD_SECONDS} s, {LOAD_CONNECTIONS} connections, the app alone (cached),"
          " the pages in turn")  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    measured = wrk(base, LOAD_SECONDS, LOAD_CONNECTIONS, LOAD_TIMEOUT, mix=list(PAGES))
    passed = measured.errors == 0
    print(
        f"  {measured.requests} requests, {measured.rps:.1f} req/s, p50 {measured.p50_ms:.2f} ms,"
        f" p99 {measured.p99_ms:.2f} ms, socket errors {measured.socket_errors},"
        f" non-2xx/3xx {measured.bad_responses}  {verdict(passed)}"
    )
    return {**asdict(measured), "seconds": LOAD_SECONDS, "passed": passed}


def rss_kib(pid):
    """Resident memory of a process, from /proc/<pid>/status (VmRSS, in KiB)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def children(pid):
    """The processes whose parent is `pid`: gunicorn's workers."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if re.search(rf"^PPid:\s+{pid}$", status.read_text(), re.M):
                found.append(int(status.parent.name))
        except OSError:
            continue  # a process that ended meanwhile
    return sorted(found)


def server_memory(pid):
    """RSS of the master and of each worker, in MiB."""
    workers = {str(worker): round(rss_kib(worker) / 1024, 1) for worker in children(pid)}
    return {"master": round(rss_kib(pid) / 1024, 1), "workers": workers}


# --- query counts ---------------------------------------------------------------------------


def compare_queries(fixtures, few, generated):
    """One row per page: its counts with each dataset; it passes when it answers 200 with both
    compared datasets and its count is the same."""
    rows = []
    for path, counted in few.items():
        large = generated[path]
        small = fixtures.get(path)
        passed = (
            counted["status"] == large["status"] == 200 and counted["queries"] == large["queries"]
        )
        rows.append({
            "path": path, "route": counted["route"],
            "fixtures": small["queries"] if small and small["status"] == 200 else None,
            "few": counted["queries"], "generated": large["queries"],
            "statuses": [counted["status"], large["status"]], "passed": passed,
        })  # fmt: skip
    return rows


def grouped(rows):
    """The rows by route (a `?` marks filtered lists): one line per kind of page."""
    groups = {}
    for row in rows:
        groups.setdefault(row["route"], []).append(row)
    return groups


def span(values):
    present = sorted({value for value in values if value is not None})
    if not present:
        return "–"
    return str(present[0]) if len(present) == 1 else f"{present[0]}–{present[-1]}"


def print_queries(rows):
    print("\n== SQL queries per page, uncached (bench/queries.py) ==")
    line = "{:<44} {:>6} {:>9} {:>13} {:>10}  {}"
    print(line.format("route (both languages)", "pages", "fixtures",
                      f"+{FEW_INITIATIVES} initiat.", "generated", "same"))  # fmt: skip
    for route, group in grouped(rows).items():
        label = route.rstrip("?") + (" (filtered)" if route.endswith("?") else "")
        print(line.format(
            label, len(group), span(r["fixtures"] for r in group), span(r["few"] for r in group),
            span(r["generated"] for r in group), verdict(all(r["passed"] for r in group)),
        ))  # fmt: skip
    for row in rows:
        if not row["passed"]:
            print(f"  FAIL {row['path']}: {row['few']} → {row['generated']} queries,"
                  f" HTTP {row['statuses']}")  # fmt: skip


# --- printing -------------------------------------------------------------------------------


def verdict(passed):
    return "PASS" if passed else "FAIL"


COLUMNS = "{:<30} {:>6} {:>8} {:>8} {:>11} {:>8} {:>11} {:>8} {:>11}"


def print_header():
    targets = {name: f"≥ {target:.2f}" for name, (_, target) in TARGETS.items()}
    print(
        COLUMNS.format(
            "page (req/s; ratio)", "KB", "bare", "cached", targets["cached"], "uncached",
            targets["uncached"], "static", f"nginx {targets['nginx']}",
        )
    )  # fmt: skip


def ratio_cell(row, name):
    judged = row["ratios"][name]
    return (
        f"{row['servers'][name]['rps']:.0f} {judged['ratio']:.2f}{'' if judged['passed'] else '!'}"
    )


def print_row(row):
    rps = {name: f"{measured['rps']:.0f}" for name, measured in row["servers"].items()}
    print(
        COLUMNS.format(
            row["page"], f"{row['bytes'] / 1024:.1f}", rps["bare"], "", ratio_cell(row, "cached"),
            "", ratio_cell(row, "uncached"), rps["static"], ratio_cell(row, "nginx"),
        )
    )  # fmt: skip
    errors = {name: m["errors"] for name, m in row["servers"].items() if m["errors"]}
    if errors:
        print(f"  errors: {errors}")


def print_machine(machine, memory):
    print("\nMachine")
    for key, value in machine.items():
        print(f"  {key:<10} {value}")
    workers = ", ".join(f"{rss} MiB (pid {pid})" for pid, rss in memory["workers"].items())
    print(
        f"\nResident memory after the final load: master {memory['master']} MiB; workers {workers}"
    )


def failures(results):
    """A line for each target missed."""
    lines = []
    for dataset, run in results["runs"].items():
        for row in run["pages"]:
            for name, judged in row["ratios"].items():
                if not judged["passed"]:
                    yardstick = TARGETS[name][0]
                    lines.append(
                        f"dataset ({dataset}) {row['path']}: {name} ÷ {yardstick} ="
                        f" {judged['ratio']:.2f} (target {judged['target']:.2f}), errors"
                        f" {row['servers'][name]['errors']} / {row['servers'][yardstick]['errors']}"
                    )
    lines += [f"query count of {r['path']} changes with the data"
              for r in results["queries"] if not r["passed"]]  # fmt: skip
    if not results["load"]["passed"]:
        lines.append("the final load had errors")
    return lines


# --- the machine ----------------------------------------------------------------------------


def load_average():
    """The 1-minute load average: what else was using the CPU just before the benchmark."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def warn_if_busy(load):
    """wrk and the servers need the whole machine: anything else running skews every ratio."""
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
    nginx_banner = subprocess.run([servers.NGINX, "-v"], capture_output=True, text=True).stderr
    return {
        "cpu": model.group(1) if model else "unknown",
        "cpus": os.cpu_count(),
        "memory": f"{memory_kib / 1024 / 1024:.1f} GiB",
        "python": sys.version.split()[0],
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "nginx": nginx_banner.strip().rsplit("/", 1)[-1],
        "wrk": re.search(r"wrk (\S+)", wrk_banner)[1],
        "database": database,
        "cache": cache,
        "load": f"{load:.2f} (1-minute load average before the run)",
    }


# --- main -----------------------------------------------------------------------------------


def benchmark(tmp):
    """Both datasets, their query counts, then the final load; returns the results as one dict."""
    use_redis = redis_running()
    load = load_average()
    warn_if_busy(load)
    print(
        f"Each page: a {WARM_UP_SECONDS} s warm-up on each server, then {ROUNDS} rounds of"
        f" {', '.join(SERVERS)}, each wrk {' '.join(wrk_options(SLICE_SECONDS))};"
        f" gunicorn with {servers.WORKERS} sync workers, DEBUG off, on 127.0.0.1"
    )
    env = site_environment(tmp, use_redis)
    python(env, "manage.py", "collectstatic", "--noinput", "-v0")  # pages name hashed files
    counts, runs = {}, {}
    env_a = {**env, "DATABASE_URL": database_url("a", tmp)}
    prepare_dataset("a", env_a)
    counts["fixtures"] = count_queries(env_a, tmp, "fixtures")
    runs["a"] = measure_dataset("a", env_a, tmp, use_redis, final_load=False)
    generate(env_a, cities=0, initiatives=FEW_INITIATIVES)  # the same slugs as dataset b's first
    counts["few"] = count_queries(env_a, tmp, "few")
    env_b = {**env, "DATABASE_URL": database_url("b", tmp)}
    prepare_dataset("b", env_b)
    counts["generated"] = count_queries(env_b, tmp, "generated", paths=list(counts["few"]))
    queries = compare_queries(**counts)
    print_queries(queries)
    runs["b"] = measure_dataset("b", env_b, tmp, use_redis, final_load=True)
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
        "queries": queries,
        "load": runs["b"].pop("load"),
        "memory_mib": runs["b"].pop("memory"),
    }


def stop_on_sigterm(signum, frame):
    """`kill` (or make's) as Ctrl-C: the servers are stopped and the temporary files removed."""
    sys.exit(128 + signum)


def main():
    started = time.monotonic()
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    ensure_tools()
    tmp = Path(tempfile.mkdtemp(prefix="kazanlak-bench-"))
    try:
        results = benchmark(tmp)
    finally:
        if postgres_server():
            drop_postgres_databases()
        shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.monotonic() - started
    missed = failures(results)
    results |= {"seconds": round(seconds), "passed": not missed, "failures": missed}
    print_machine(results["machine"], results["memory_mib"])
    print()
    for line in missed:
        print(f"FAIL: {line}")
    print(f"Overall: {verdict(not missed)}  ({seconds:.0f} s in all)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Results: {RESULTS.relative_to(ROOT)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
