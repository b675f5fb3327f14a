#!/usr/bin/env python3
"""Cold start of the packaged portal on an existing embedded-PostgreSQL data directory.

Starts target/quarkus-app/quarkus-run.jar several times (the first, unmeasured run creates the data directory when
it is missing), polls /q/health/ready every 20 ms, and prints for each run and as medians: seconds from launch to
PostgreSQL "ready to accept connections" (its own log line), from there to ready (the portal's part), and the Java
process's CPU seconds until ready (less sensitive to a busy machine than wall time). See docs/performance.md.

With --train (JDK 25 or later), it instead makes the JVM's AOT cache (JEP 483/514/515) in one command: one start of
the portal with -XX:AOTCacheOutput, stopped once ready (the JVM writes the cache as it exits), then one start with
-XX:AOTMode=on, which refuses to start rather than ignore a cache it cannot use, to prove the cache works. The
training start runs on this benchmark's own throw-away embedded data directory, never on a configured database (the
classes a start loads are the same). docs/operations.md says how to start the portal with the cache.

With --config (repeatable), it compares several ways of starting in one run, interleaved (one start of each in turn,
N rounds), so that a machine whose load changes meanwhile disturbs every configuration alike; each configuration is
LABEL=JAVA[@APP_DIR] [JVM options…]. For each start it also prints the CPU seconds, until ready, of the JIT compilers'
threads (C1, C2) and of the main thread, read from /proc/<pid>/task.

  usage: bench/cold-start.py [--runs N] [--data-dir DIR] [--port P] [--timeout S] [--java JAVA] [--app DIR]
                             [--train [FILE]] [--config 'LABEL=JAVA[@APP_DIR] [JVM options…]' …]
                             [-- extra JVM options, e.g. -XX:SharedArchiveFile=app-cds.jsa or -XX:AOTCache=hindsight.aot]
  defaults: 5 runs, /tmp/hindsight-cold-start/postgres, port 18123, the java on the PATH, target/quarkus-app; --train
  writes hindsight.aot in the app directory. Runs from the app directory (an AppCDS archive made by JDK 17 is found
  only from there; a relative cache path is relative to it). Needs python3 and a JDK 17+ (25+ for --train).
  e.g. bench/cold-start.py --train --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
       bench/cold-start.py --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -- -XX:AOTCache=hindsight.aot
       bench/cold-start.py --runs 4 --config 'jdk17=java' \
           --config 'jdk25-aot=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:AOTCache=hindsight.aot'
"""
import argparse, datetime, glob, json, os, re, shlex, statistics, subprocess, sys, threading, time, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--data-dir", default="/tmp/hindsight-cold-start/postgres")
ap.add_argument("--port", type=int, default=18123)
ap.add_argument("--timeout", type=int, default=300, help="seconds a start may take before it counts as failed")
ap.add_argument("--java", default="java")
ap.add_argument("--app", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "quarkus-app"))
ap.add_argument("--train", nargs="?", const="hindsight.aot", metavar="FILE")
ap.add_argument("--config", action="append", default=[], metavar="'LABEL=JAVA[@APP_DIR] [JVM options]'")
ap.add_argument("jvm", nargs="*")
args = ap.parse_args()
app = os.path.abspath(args.app)
env = {k: v for k, v in os.environ.items() if not k.startswith(("QUARKUS_", "HINDSIGHT_"))}
env["HINDSIGHT_EMBEDDED_DB_DATA_DIR"] = os.path.abspath(args.data_dir)
FORMAT = "%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n"
TICK = os.sysconf("SC_CLK_TCK")


def threads_cpu(pid):
    """CPU seconds so far of the JIT compilers' threads and of the main thread (the one /proc names "java")."""
    out = {"c1_cpu_s": 0.0, "c2_cpu_s": 0.0, "main_cpu_s": 0.0}
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            text = open(stat).read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICK
        key = "c1_cpu_s" if name.startswith("C1 Compiler") else "c2_cpu_s" if name.startswith("C2 Compiler") else \
            "main_cpu_s" if name == "java" else None
        if key:
            out[key] = round(out[key] + cpu, 2)
    return out


def once(*extra, java=None, app_dir=None, jvm=None):
    java, app_dir, jvm = java or args.java, app_dir or app, args.jvm if jvm is None else jvm
    cmd = [java, *jvm, *extra, f"-Dquarkus.http.port={args.port}", f"-Dquarkus.log.console.format={FORMAT}", "-jar", "quarkus-run.jar"]
    launch, t0 = datetime.datetime.now(), time.monotonic()
    p = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = []
    threading.Thread(target=lambda: [lines.append(l) for l in p.stdout], daemon=True).start()
    ready = cpu = per_thread = None
    while time.monotonic() - t0 < args.timeout and p.poll() is None:
        try:
            with urllib.request.urlopen(f"http://localhost:{args.port}/q/health/ready", timeout=2) as r:
                if r.status == 200 and b'"UP"' in r.read():
                    ready = time.monotonic() - t0
                    stat = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
                    cpu = (int(stat[11]) + int(stat[12])) / TICK
                    per_thread = threads_cpu(p.pid)
                    break
        except Exception:
            time.sleep(0.02)
    p.terminate()
    p.wait(600)  # a training start writes its AOT cache as it exits
    pg = None
    for line in lines:
        m = re.search(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d).*ready to accept connections", line)
        if m:
            at = launch.replace(hour=int(m[1]), minute=int(m[2]), second=int(m[3]), microsecond=int(m[4]) * 1000)
            pg = (at - launch).total_seconds()
            break
    if ready is None:
        sys.exit("the portal did not become ready:\n" + "".join(lines[-30:]))
    return {"pg_accepting": pg, "ready": round(ready, 2), "portal_after_pg": round(ready - pg, 2) if pg else None,
            "java_cpu_s": cpu, **per_thread, "load": float(open("/proc/loadavg").read().split()[0])}


def train(cache):
    version = subprocess.run([args.java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    major = int(re.search(r"java\.specification\.version = (\d+)", version)[1])
    if major < 25:
        sys.exit(f"--train needs JDK 25 or later (its AOT cache); {args.java} is JDK {major}. Pass --java /path/to/jdk-25/bin/java")
    path = os.path.join(app, cache)
    if os.path.exists(path):
        os.remove(path)
    print("training start (-XX:AOTCacheOutput):", json.dumps(once(f"-XX:AOTCacheOutput={cache}")))
    if not os.path.isfile(path):
        sys.exit(f"the JVM wrote no AOT cache at {path}")
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.0f} MB)")
    print("start with the cache (-XX:AOTMode=on):", json.dumps(once(f"-XX:AOTCache={cache}", "-XX:AOTMode=on")))
    print(f"start the portal from {app} with: {args.java} -XX:AOTCache={cache} -jar quarkus-run.jar")


if not os.path.isdir(args.data_dir):
    print("first start (creates the data directory, not measured):", json.dumps(once()))
if args.train:
    train(args.train)
    sys.exit(0)
KEYS = ("pg_accepting", "ready", "portal_after_pg", "java_cpu_s", "c1_cpu_s", "c2_cpu_s", "main_cpu_s", "load")


def medians(runs):
    return {k: round(statistics.median(r[k] for r in runs if r[k] is not None), 2) for k in KEYS}


if not args.config:
    runs = [once() for _ in range(args.runs)]
    for r in runs:
        print(json.dumps(r))
    print("median:", json.dumps(medians(runs)))
    sys.exit(0)
configs = []
for spec in args.config:
    label, _, rest = spec.partition("=")
    words = shlex.split(rest)
    if not label or not words:
        sys.exit(f"--config {spec!r}: expected LABEL=JAVA[@APP_DIR] [JVM options]")
    java, _, app_dir = words[0].partition("@")
    configs.append((label, java, os.path.abspath(app_dir) if app_dir else app, words[1:] + args.jvm))
results = {label: [] for label, *_ in configs}
for round_no in range(1, args.runs + 1):
    for label, java, app_dir, jvm in configs:
        r = once(java=java, app_dir=app_dir, jvm=jvm)
        results[label].append(r)
        print(f"round {round_no} {label}:", json.dumps(r), flush=True)
for label, *_ in configs:
    print(f"median {label} ({args.runs} runs):", json.dumps(medians(results[label])))
