import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load and faults against two portal instances behind HAProxy, one PostgreSQL, and a Slack stand-in that this program
 * runs itself. Started by bench/load-faults.sh, which starts the servers and passes their addresses; run on its own:
 *
 *   java -cp postgresql.jar bench/LoadFaults.java key=value …  (keys: see {@link Settings})
 *
 * Signed-in people (the seeded editors) read the incident list, incident details and search results, edit their own
 * incidents through the API (PUT) and publish postmortems through the real review workflow (the writer drafts through
 * the API and sends it for review on the review page, another editor approves there, the writer publishes). Requests
 * arrive at a fixed rate (open loop; latency counts from the moment a request was due, as wrk2 does), so an overloaded
 * portal shows as latency, not as a slower client. Phases: a ramp in short steps proposes the highest rate with p99 under
 * the target; the full steady duration at that rate confirms it, or the rate steps down by a fixed factor and is tried
 * again (a bounded number of attempts within a time budget); then, at the confirmed rate, PostgreSQL stopped and
 * started, the Slack stand-in down and up, and one instance killed (SIGKILL) while it delivers a message. Every write the portal acknowledged is recorded and checked in the database at
 * the end; every notification must have reached the stand-in or still be in the outbox. Prints a Markdown report.
 */
public class LoadFaults {

    /** Every setting, as key=value arguments. */
    record Settings(String base, List<String> instances, List<Long> pids, String jdbc, String pgCtl, String pgData,
                    String pgLog, int slackPort, String password, int people, Duration duration, Duration outage,
                    Duration pgDown, Duration step, double startRate, double maxRate, double p99TargetMs,
                    double faultShare, double publishRate, Path workDir, int confirmAttempts, double stepDown,
                    Duration confirmBudget, Duration settle, boolean statements) {

        static Settings parse(String[] args) {
            Map<String, String> a = new TreeMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("not key=value: " + arg);
                }
                a.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            return new Settings(a.get("base"), List.of(a.get("instances").split(",")),
                    Arrays.stream(a.get("pids").split(",")).map(Long::parseLong).toList(), a.get("jdbc"),
                    a.get("pg-ctl"), a.get("pg-data"), a.get("pg-log"), Integer.parseInt(a.get("slack-port")),
                    a.get("password"), Integer.parseInt(a.getOrDefault("people", "20")),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("duration", "120"))),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("outage", "120"))),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("pg-down", "15"))),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("step", "15"))),
                    Double.parseDouble(a.getOrDefault("start-rate", "10")),
                    Double.parseDouble(a.getOrDefault("max-rate", "600")),
                    Double.parseDouble(a.getOrDefault("p99-ms", "500")),
                    Double.parseDouble(a.getOrDefault("fault-share", "1")),
                    Double.parseDouble(a.getOrDefault("publish-rate", "0.5")),
                    Path.of(a.getOrDefault("work", System.getProperty("java.io.tmpdir"))),
                    Integer.parseInt(a.getOrDefault("confirm-attempts", "4")),
                    Double.parseDouble(a.getOrDefault("step-down", "0.8")),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("confirm-budget", "900"))),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("settle", "15"))),
                    Boolean.parseBoolean(a.getOrDefault("statements", "false")));
        }
    }

    static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    static final String[] SEARCH_WORDS = {"database", "timeout", "replication lag", "certificate", "payments", "cache",
            "deploy", "queue", "dns", "memory"};

    final Settings settings;
    final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    final List<Person> people = new ArrayList<>();
    final List<Long> readable = new ArrayList<>();
    final SlackStandIn slack;
    final Writes writes = new Writes();
    final StringBuilder report = new StringBuilder();
    final AtomicInteger publishCounter = new AtomicInteger();
    final AtomicInteger createCounter = new AtomicInteger();
    volatile Phase phase;

    LoadFaults(Settings settings) throws IOException {
        this.settings = settings;
        this.slack = new SlackStandIn(settings.slackPort());
    }

    public static void main(String[] args) throws Exception {
        LoadFaults bench = new LoadFaults(Settings.parse(args));
        boolean passed;
        try {
            passed = bench.runAll();
        } finally {
            bench.slack.down();
        }
        System.out.println(bench.report);
        System.exit(passed ? 0 : 1);
    }

    // ---------------------------------------------------------------------------------------------- the phases

    boolean runAll() throws Exception {
        slack.up();
        setUp();
        line("# Hindsight under load and faults");
        line("");
        line(String.format(Locale.ROOT, "%s · %d cores · load average %s · two instances behind HAProxy (round robin, "
                        + "health checks on /q/health/ready), one PostgreSQL, %d signed-in editors, publish flows at %.2f/s.",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), loadAverage(),
                people.size(), settings.publishRate()));
        line("");

        // Warm-up (not reported): the JIT and the caches of both instances.
        runPhase(new Phase("warm-up", settings.startRate(), Duration.ofSeconds(20), false));

        // Ramp: the highest arrival rate at which p99 stays under the target with no errors, over short steps. A short
        // step only proposes a candidate: queues (connection waits, lock waits, the outbox) can take longer to build up.
        List<Phase> ramp = new ArrayList<>();
        double rate = settings.startRate();
        double candidate = 0;
        while (rate <= settings.maxRate()) {
            Phase step = runPhase(new Phase(String.format(Locale.ROOT, "ramp %.0f/s", rate), rate, settings.step(), true));
            ramp.add(step);
            if (!held(step)) {
                break;
            }
            candidate = rate;
            rate = Math.round(rate * 1.4);
        }
        if (candidate == 0) {
            candidate = settings.startRate();
        }
        line("## Finding the rate");
        line("");
        line(String.format(Locale.ROOT, "Ramp: steps of %d s at rising arrival rates (×1.4); the highest with p99 < %.0f ms, no "
                + "non-4xx error and at least 90 %% of the rate achieved is the candidate: **%.0f requests/s**.",
                settings.step().toSeconds(), settings.p99TargetMs(), candidate));
        line("");
        phaseTable(ramp);

        // Confirmation: the full duration at the candidate; on a miss, step down by a fixed factor and try again, within
        // a bounded number of attempts and a time budget, pausing between attempts so that what queued drains first.
        List<Phase> attempts = new ArrayList<>();
        Phase steady = null;
        Instant budgetEnds = Instant.now().plus(settings.confirmBudget());
        double trying = candidate;
        for (int attempt = 1; attempt <= settings.confirmAttempts(); attempt++) {
            if (attempt > 1 && Instant.now().plus(settings.duration()).plus(settings.settle()).isAfter(budgetEnds)) {
                line(String.format(Locale.ROOT, "The confirmation budget (%d s) would run out during another attempt: stopped after %d.",
                        settings.confirmBudget().toSeconds(), attempt - 1));
                line("");
                break;
            }
            sleep(settings.settle());
            resetStatements();
            Phase run = new Phase(String.format(Locale.ROOT, "confirm %d: %.0f/s for %d s", attempt, trying,
                    settings.duration().toSeconds()), trying, settings.duration(), true);
            WaitSampler waits = new WaitSampler();
            waits.start();
            try {
                runPhase(run);
            } finally {
                waits.stop();
            }
            run.waits = waits.summary();
            run.statements = topStatements();
            attempts.add(run);
            if (held(run)) {
                steady = run;
                break;
            }
            double lower = Math.floor(trying * settings.stepDown());
            if (lower < 1 || lower == trying) {
                break;
            }
            trying = lower;
        }
        Phase shown = steady != null ? steady : attempts.get(attempts.size() - 1);
        double confirmed = steady != null ? steady.rate : 0;
        Map<Long, Long> rss = new LinkedHashMap<>();
        for (long pid : settings.pids()) {
            rss.put(pid, rssKb(pid));
        }
        line("## Steady load: confirming the rate");
        line("");
        line(String.format(Locale.ROOT, "Each attempt runs %d s at a fixed arrival rate, mixed: incident list 30 %%, incident "
                        + "detail 30 %%, search 20 %%, edit (API PUT) 20 %%, plus publish flows at %.2f/s (6 requests each). It holds "
                        + "when p99 < %.0f ms with no non-4xx error (503 busy included) and at least 90 %% of the rate achieved; "
                        + "a miss steps down ×%.2f (at most %d attempts, %d s budget, %d s pause before each).",
                settings.duration().toSeconds(), settings.publishRate(), settings.p99TargetMs(), settings.stepDown(),
                settings.confirmAttempts(), settings.confirmBudget().toSeconds(), settings.settle().toSeconds()));
        line("");
        phaseTable(attempts);
        line(steady != null
                ? String.format(Locale.ROOT, "**Confirmed: %.0f requests/s held for %d s** — achieved %.1f req/s, p50 %.0f ms, "
                        + "p95 %.0f ms, p99 %.0f ms, %d 4xx, 0 non-4xx errors. Per operation:", confirmed,
                settings.duration().toSeconds(), steady.achieved(), steady.all().p(50), steady.all().p(95), steady.all().p(99),
                steady.all().clientErrors())
                : String.format(Locale.ROOT, "**No rate held for %d s** (the lowest tried: %.0f requests/s). The last attempt, per "
                + "operation:", settings.duration().toSeconds(), shown.rate));
        line("");
        operationTable(shown);
        line("");
        line("Where the portals' database sessions were in that run (pg_stat_activity sampled every 250 ms; the active "
                + "ones and those idle in a transaction, by what they waited for):");
        line("");
        line(shown.waits);
        if (shown.statements != null) {
            line("Its most expensive statements (pg_stat_statements, reset before the run; total time includes lock waits):");
            line("");
            line(shown.statements);
        }
        line("Resident memory after the steady load: " + rss.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "instance pid %d %.0f MiB", e.getKey(), e.getValue() / 1024.0))
                .collect(Collectors.joining(", ")) + ".");
        line("");

        double faultRate = Math.max(1, Math.round((steady != null ? confirmed : shown.rate) * settings.faultShare()));
        sleep(settings.settle());
        Phase pg = postgresRestart(faultRate);
        Phase slackOutage = slackOutage(faultRate);
        Phase kill = killDuringDelivery(faultRate);

        line("## Faults, phase by phase");
        line("");
        line(String.format(Locale.ROOT, "Each under load at %.0f requests/s (%.0f %% of the %s rate). 503 answers while "
                + "PostgreSQL is down are expected; 500s never are.", faultRate, settings.faultShare() * 100,
                steady != null ? "confirmed" : "lowest tried"));
        line("");
        phaseTable(List.of(shown, pg, slackOutage, kill));
        line("");
        for (Phase p : List.of(pg, slackOutage, kill)) {
            for (String note : p.notes) {
                line("- " + p.name + ": " + note);
            }
        }
        line("");
        boolean checked = checkEverything();
        boolean steadyOk = steady != null;
        boolean faultsOk = pg.unexpected.get() == 0 && slackOutage.all().serverErrors() == 0 && pg.passed && slackOutage.passed
                && kill.passed;
        line("");
        line("## Verdict");
        line("");
        line("- Load: " + (steadyOk ? String.format(Locale.ROOT, "PASS — %.0f requests/s held for %d s (achieved %.1f req/s; "
                + "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; 0 non-4xx errors)", confirmed, settings.duration().toSeconds(),
                steady.achieved(), steady.all().p(50), steady.all().p(95), steady.all().p(99))
                : String.format(Locale.ROOT, "FAIL — no rate held p99 < %.0f ms with 0 non-4xx errors for %d s (tried %s)",
                settings.p99TargetMs(), settings.duration().toSeconds(), attempts.stream()
                        .map(a -> String.format(Locale.ROOT, "%.0f/s", a.rate)).collect(Collectors.joining(", ")))));
        line("- Faults (at " + String.format(Locale.ROOT, "%.0f", faultRate) + " requests/s): " + (faultsOk ? "PASS" : "FAIL"));
        line("- Acknowledged writes and notifications: " + (checked ? "PASS" : "FAIL"));
        System.err.println();
        System.err.println(steadyOk ? String.format(Locale.ROOT, "VERDICT: %.0f requests/s held for %d s with p99 %.0f ms; faults %s; "
                + "writes and notifications %s.", confirmed, settings.duration().toSeconds(), steady.all().p(99),
                faultsOk ? "passed" : "FAILED", checked ? "all accounted for" : "NOT all accounted for")
                : "VERDICT: no rate held for " + settings.duration().toSeconds() + " s; faults " + (faultsOk ? "passed" : "FAILED")
                + "; writes and notifications " + (checked ? "all accounted for" : "NOT all accounted for") + ".");
        return steadyOk && faultsOk && checked;
    }

    /** PostgreSQL stopped (fast shutdown) under load, kept down, started again; the portals are not restarted. */
    Phase postgresRestart(double rate) throws Exception {
        Phase p = new Phase("PostgreSQL restart", rate, null, true);
        p.expect503 = true;
        Load load = start(p);
        sleep(Duration.ofSeconds(10));
        Instant stopAt = Instant.now();
        sh(settings.pgCtl(), "-D", settings.pgData(), "-m", "fast", "-w", "stop");
        p.notes.add("PostgreSQL stopped in " + Duration.between(stopAt, Instant.now()).toMillis() + " ms (pg_ctl stop -m fast).");
        // While it is down: readiness, a page and the API answered by each instance directly (not through HAProxy).
        Instant until = Instant.now().plus(settings.pgDown());
        Map<String, Integer> readiness = new TreeMap<>();
        Map<String, Integer> pages = new TreeMap<>();
        Map<String, Integer> apis = new TreeMap<>();
        boolean pageExplains = true;
        boolean problemExplains = true;
        Person someone = people.get(0);
        while (Instant.now().isBefore(until)) {
            for (String instance : settings.instances()) {
                readiness.merge(String.valueOf(status(get(someone.anonymous, instance + "/q/health/ready", null))), 1, Integer::sum);
                HttpResponse<String> page = get(someone.browser, instance + "/incidents", "text/html");
                pages.merge(String.valueOf(status(page)), 1, Integer::sum);
                if (page != null && page.statusCode() == 503) {
                    pageExplains &= page.body().contains("The database is not reachable right now")
                            && page.headers().firstValue("Retry-After").isPresent();
                }
                HttpResponse<String> api = getBearer(someone, instance + "/api/v1/incidents");
                apis.merge(String.valueOf(status(api)), 1, Integer::sum);
                if (api != null && api.statusCode() == 503) {
                    problemExplains &= api.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                            && api.body().contains("\"status\":503");
                }
            }
            sleep(Duration.ofMillis(500));
        }
        p.notes.add("while down, each instance directly: readiness " + readiness + ", page /incidents " + pages
                + ", API /api/v1/incidents " + apis + (pageExplains ? "; every 503 page explains itself with Retry-After"
                : "; **a 503 page did not explain itself**") + (problemExplains ? ", every API 503 is problem+json" : ", **an API 503 was not problem+json**"));
        Instant startAt = Instant.now();
        sh(settings.pgCtl(), "-D", settings.pgData(), "-l", settings.pgLog(), "-w", "start");
        Instant started = Instant.now();
        Instant deadline = started.plus(Duration.ofSeconds(90));
        boolean allReady = false;
        while (!allReady && Instant.now().isBefore(deadline)) {
            allReady = settings.instances().stream().allMatch(i -> status(get(someone.anonymous, i + "/q/health/ready", null)) == 200);
            if (!allReady) {
                sleep(Duration.ofMillis(200));
            }
        }
        p.notes.add(String.format(Locale.ROOT, "PostgreSQL down for %.1f s; both instances ready again %.1f s after it started, "
                        + "without a restart%s.", Duration.between(stopAt, started).toMillis() / 1000.0,
                Duration.between(started, Instant.now()).toMillis() / 1000.0, allReady ? "" : " — **NOT within 90 s**"));
        sleep(Duration.ofSeconds(20));
        load.stop();
        p.passed = allReady && pageExplains && problemExplains && readiness.containsKey("503") && !pages.containsKey("500")
                && !apis.containsKey("500");
        p.notes.add("answers during the phase through HAProxy: " + p.statusCounts() + "; 500s: " + p.unexpected.get() + ".");
        return p;
    }

    /** The Slack stand-in refuses connections for the outage, then answers again; everything must arrive. */
    Phase slackOutage(double rate) throws Exception {
        Phase p = new Phase("Slack stand-in down " + settings.outage().toSeconds() + " s", rate, null, true);
        Load load = start(p);
        sleep(Duration.ofSeconds(5));
        slack.down();
        int pendingAtDown = pending();
        sleep(settings.outage());
        int pendingAtUp = pending();
        slack.up();
        Instant up = Instant.now();
        sleep(Duration.ofSeconds(10));
        load.stop();
        Duration drained = awaitDrained(Duration.ofMinutes(6));
        p.passed = drained != null;
        p.notes.add(String.format(Locale.ROOT, "messages waiting in the outbox: %d when it went down, %d when it came back; %s",
                pendingAtDown, pendingAtUp, drained == null ? "**the outbox did not drain within 6 minutes**"
                        : "the outbox was empty " + Duration.between(up, Instant.now()).toSeconds() + " s after it came back"
                        + " (retry back-off, then 1 message/s per webhook)."));
        return p;
    }

    /** One instance is killed with SIGKILL while the stand-in is receiving a message from it. */
    Phase killDuringDelivery(double rate) throws Exception {
        Phase p = new Phase("kill -9 one instance", rate, null, true);
        Load load = start(p);
        // A backlog first (the stand-in refuses for a while), then slow answers: a message is nearly always in flight.
        slack.down();
        sleep(Duration.ofSeconds(20));
        slack.delayMs = 1500;
        slack.up();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        long victim = -1;
        String caught = null;
        while (victim < 0 && Instant.now().isBefore(deadline)) {
            for (int port : slack.inFlightPorts()) {
                long pid = pidOfPort(port);
                if (settings.pids().contains(pid)) {
                    victim = pid;
                    caught = "port " + port;
                    break;
                }
            }
            if (victim < 0) {
                sleep(Duration.ofMillis(20));
            }
        }
        if (victim < 0) {
            p.notes.add("**no instance was caught delivering within 90 s: killing the first one anyway**");
            victim = settings.pids().get(0);
        }
        int receivedBefore = slack.total();
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        Instant killed = Instant.now();
        p.notes.add("killed instance pid " + victim + (caught == null ? "" : " while it was sending a message to the stand-in ("
                + caught + ")") + "; the other instance carried the load and the deliveries.");
        sleep(Duration.ofSeconds(20));
        load.stop();
        slack.delayMs = 0;
        Duration drained = awaitDrained(Duration.ofMinutes(4));
        p.passed = drained != null;
        p.notes.add(drained == null ? "**the outbox did not drain within 4 minutes of the kill**"
                : String.format(Locale.ROOT, "the outbox was empty %d s after the kill (a message claimed by the killed "
                + "instance waits for its lease, 1 min, to run out); %d messages reached the stand-in after the kill.",
                Duration.between(killed, Instant.now()).toSeconds(), slack.total() - receivedBefore));
        p.notes.add("answers during the phase through HAProxy: " + p.statusCounts() + " (errors are requests in flight to the "
                + "killed instance).");
        return p;
    }

    // ---------------------------------------------------------------------------------------------- load

    /** Whether a phase held the target: p99 under it, no non-4xx error (transport errors included), 90 % of the rate. */
    boolean held(Phase p) {
        Stats all = p.all();
        return all.count() > 0 && all.p(99) < settings.p99TargetMs() && all.serverErrors() == 0 && all.transportErrors() == 0
                && p.achieved() >= 0.9 * p.rate;
    }

    /** Runs a phase for its duration and returns it. */
    Phase runPhase(Phase p) throws Exception {
        Load load = start(p);
        sleep(p.duration);
        load.stop();
        return p;
    }

    Load start(Phase p) {
        phase = p;
        System.err.printf(Locale.ROOT, "[%s] %s at %.0f requests/s…%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), p.name, p.rate);
        Load load = new Load(p);
        load.begin();
        return load;
    }

    /** Open-loop arrivals: requests are due at a fixed rate, whatever the portal's speed. */
    final class Load {
        final Phase p;
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService workers = Executors.newFixedThreadPool(256);
        final List<Thread> pacers = new ArrayList<>();

        Load(Phase p) {
            this.p = p;
        }

        void begin() {
            p.startedAt = System.nanoTime();
            pacers.add(pacer(p.rate, () -> operation(p)));
            if (settings.publishRate() > 0) {
                pacers.add(pacer(settings.publishRate(), () -> publishFlow(p)));
            }
        }

        Thread pacer(double rate, Runnable task) {
            Thread t = new Thread(() -> {
                long interval = (long) (1e9 / rate);
                long due = System.nanoTime();
                while (running.get()) {
                    long now = System.nanoTime();
                    if (now < due) {
                        LockSupport.parkNanos(due - now);
                        continue;
                    }
                    long dueAt = due;
                    workers.execute(() -> {
                        CURRENT_DUE.set(dueAt);
                        task.run();
                    });
                    due += interval;
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : pacers) {
                t.join();
            }
            p.endedAt = System.nanoTime();
            workers.shutdown();
            if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        }
    }

    static final ThreadLocal<Long> CURRENT_DUE = new ThreadLocal<>();

    void operation(Phase p) {
        Person person = people.get(ThreadLocalRandom.current().nextInt(people.size()));
        int roll = ThreadLocalRandom.current().nextInt(100);
        long due = CURRENT_DUE.get();
        if (roll < 30) {
            String query = ThreadLocalRandom.current().nextInt(3) == 0 ? "?page=" + (1 + ThreadLocalRandom.current().nextInt(5)) : "";
            timed(p, "incident list", due, () -> get(person.browser, settings.base() + "/incidents" + query, "text/html"));
        } else if (roll < 60) {
            long id = readable.get(ThreadLocalRandom.current().nextInt(readable.size()));
            timed(p, "incident detail", due, () -> get(person.browser, settings.base() + "/incidents/" + id, "text/html"));
        } else if (roll < 80) {
            String q = SEARCH_WORDS[ThreadLocalRandom.current().nextInt(SEARCH_WORDS.length)];
            timed(p, "search", due, () -> get(person.browser, settings.base() + "/search?q="
                    + URLEncoder.encode(q, StandardCharsets.UTF_8), "text/html"));
        } else {
            edit(p, person, due);
        }
    }

    /** An edit of one of the person's own incidents (one edit at a time per incident, so the last one acknowledged wins). */
    void edit(Phase p, Person person, long due) {
        Target target = null;
        for (Target t : person.targets) {
            if (t.lock.tryLock()) {
                target = t;
                break;
            }
        }
        if (target == null) {
            p.record("edit (API PUT)", (System.nanoTime() - due) / 1e6, -2);
            return;
        }
        try {
            String summary = "Edit " + run + "-" + writes.editCounter.incrementAndGet();
            String body = incidentJson(target.title, summary, "RESOLVED");
            target.attempted.add(summary);
            long id = target.id;
            HttpResponse<String> answer = timed(p, "edit (API PUT)", due, () -> send(person, "PUT",
                    settings.base() + "/api/v1/incidents/" + id, body));
            if (answer != null && answer.statusCode() == 200) {
                Matcher v = VERSION.matcher(answer.body());
                target.acknowledged = summary;
                target.acknowledgedVersion = v.find() ? Long.parseLong(v.group(1)) : -1;
                writes.acknowledgedEdits.incrementAndGet();
            }
        } finally {
            target.lock.unlock();
        }
    }

    /** Draft through the API, send for review and approve on the review page (another editor), publish. */
    void publishFlow(Phase p) {
        int n = publishCounter.incrementAndGet();
        Person writer = people.get(n % people.size());
        Person reviewer = people.get((n + 1) % people.size());
        long due = CURRENT_DUE.get();
        String title = String.format(Locale.ROOT, "LF %s published %05d", run, n); // fixed width: no title is a prefix of another
        HttpResponse<String> created = timed(p, "publish: 1 declare (API)", due, () -> send(writer, "POST",
                settings.base() + "/api/v1/incidents", incidentJson(title, "Published under load.", "RESOLVED")));
        if (created == null || created.statusCode() != 201) {
            return;
        }
        Matcher idm = ID.matcher(created.body());
        if (!idm.find()) {
            return;
        }
        long id = Long.parseLong(idm.group(1));
        writes.created.put(id, title);
        String review = settings.base() + "/incidents/" + id + "/postmortem/review";
        if (!ok(timed(p, "publish: 2 draft (API PUT)", System.nanoTime(), () -> send(writer, "PUT",
                settings.base() + "/api/v1/incidents/" + id + "/postmortem", postmortemJson())), 200)) {
            return;
        }
        if (!ok(timed(p, "publish: 3 no-action reason (form)", System.nanoTime(), () -> form(writer, review + "/no-action-reason",
                "reason", "The change that caused it was rolled back and the alert already exists.")), 303)) {
            return;
        }
        if (!ok(timed(p, "publish: 4 send for review (form)", System.nanoTime(), () -> form(writer, review + "/send",
                "reviewers", Long.toString(reviewer.userId))), 303)) {
            return;
        }
        if (!ok(timed(p, "publish: 5 approve (form, reviewer)", System.nanoTime(), () -> form(reviewer, review + "/decision",
                "decision", "approved")), 303)) {
            return;
        }
        HttpResponse<String> published = timed(p, "publish: 6 publish (form)", System.nanoTime(), () -> form(writer, review + "/publish"));
        if (ok(published, 303)) {
            writes.published.put(id, title);
        }
    }

    static boolean ok(HttpResponse<String> response, int expected) {
        return response != null && response.statusCode() == expected;
    }

    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    /** Records the answer under {@code operation}; latency from when the request was due. Null on a transport error. */
    HttpResponse<String> timed(Phase p, String operation, long due, Call call) {
        HttpResponse<String> response;
        try {
            response = call.call();
        } catch (Exception e) {
            p.record(operation, (System.nanoTime() - due) / 1e6, -1);
            p.transportMessages.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            return null;
        }
        if (response == null) { // get() answers null for a timeout or a broken connection
            p.record(operation, (System.nanoTime() - due) / 1e6, -1);
            p.transportMessages.merge("IOException", 1, Integer::sum);
            return null;
        }
        int status = response.statusCode();
        p.record(operation, (System.nanoTime() - due) / 1e6, status);
        if (status >= 500) {
            boolean explained503 = status == 503 && (response.body().contains("The database is not reachable")
                    || response.body().contains("Hindsight is busy")
                    || response.body().contains("No server is available") || response.body().contains("\"status\":503"));
            if (!(p.expect503 && explained503)) {
                p.unexpected.incrementAndGet();
                if (p.samples.size() < 5) {
                    p.samples.add(operation + " → " + status + ": " + response.body().substring(0, Math.min(200, response.body().length()))
                            .replaceAll("\\s+", " "));
                }
            }
        }
        return response;
    }

    // ---------------------------------------------------------------------------------------------- the database's side

    /** Samples what the portals' active database sessions wait for (lock, I/O, client…), to find queues in PostgreSQL. */
    final class WaitSampler {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final AtomicLong samples = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        void start() {
            thread = new Thread(() -> {
                try (Connection db = connect(); PreparedStatement q = db.prepareStatement("""
                        SELECT coalesce(wait_event_type || ': ' || wait_event, 'running (CPU)'), count(*)
                        FROM pg_stat_activity
                        WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()
                          AND state IN ('active', 'idle in transaction')
                        GROUP BY 1""")) {
                    while (running.get()) {
                        samples.incrementAndGet();
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                counts.computeIfAbsent(rs.getString(1), k -> new AtomicLong()).addAndGet(rs.getLong(2));
                            }
                        }
                        LockSupport.parkNanos(250_000_000L);
                    }
                } catch (Exception e) {
                    counts.computeIfAbsent("(sampling stopped: " + e.getClass().getSimpleName() + ")", k -> new AtomicLong());
                }
            }, "wait-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }

        /** A Markdown table: each state with the average number of sessions in it per sample. */
        String summary() {
            long n = Math.max(1, samples.get());
            StringBuilder out = new StringBuilder("| sessions were | on average |\n|---|---:|\n");
            counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(12)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "| %s | %.2f |%n", e.getKey(), e.getValue().get() / (double) n)));
            return out.toString();
        }
    }

    /** Empties pg_stat_statements when the script installed it (--statements), so that a run's figures are its own. */
    void resetStatements() {
        if (!settings.statements()) {
            return;
        }
        try (Connection db = connect()) {
            db.createStatement().execute("SELECT pg_stat_statements_reset()");
        } catch (Exception e) {
            System.err.println("pg_stat_statements could not be reset: " + e.getMessage());
        }
    }

    /** The statements that took the most time since the reset, as a Markdown table; null without pg_stat_statements. */
    String topStatements() {
        if (!settings.statements()) {
            return null;
        }
        StringBuilder out = new StringBuilder("| calls | total ms | mean ms | rows | statement |\n|---:|---:|---:|---:|---|\n");
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery("""
                SELECT calls, total_exec_time, mean_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')
                FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY total_exec_time DESC LIMIT 15""")) {
            while (rs.next()) {
                String query = rs.getString(5);
                out.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %d | `%s` |%n", rs.getLong(1), rs.getDouble(2),
                        rs.getDouble(3), rs.getLong(4), (query.length() > 160 ? query.substring(0, 160) + "…" : query)
                                .replace("`", "'").replace("|", "\\|")));
            }
        } catch (Exception e) {
            return "pg_stat_statements could not be read: " + e.getMessage() + "\n";
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------- set-up

    void setUp() throws Exception {
        try (Connection db = DriverManager.getConnection(settings.jdbc(), "hindsight", "hindsight")) {
            for (int i = 1; i <= settings.people(); i++) {
                String email = String.format(Locale.ROOT, "person%02d@seed.hindsight.example", i);
                try (PreparedStatement q = db.prepareStatement("SELECT id FROM app_user WHERE email = ?")) {
                    q.setString(1, email);
                    ResultSet rs = q.executeQuery();
                    if (!rs.next()) {
                        throw new IllegalStateException("no seeded person " + email);
                    }
                    people.add(new Person(email, rs.getLong(1)));
                }
            }
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT id FROM incident WHERE deleted_at IS NULL ORDER BY random() LIMIT 500")) {
                while (rs.next()) {
                    readable.add(rs.getLong(1));
                }
            }
        }
        System.err.println("Signing in " + people.size() + " people and creating the incidents they edit…");
        for (Person person : people) {
            person.signIn();
            for (int t = 0; t < 5; t++) {
                String title = "LF " + run + " edited " + person.userId + "-" + t;
                HttpResponse<String> created = send(person, "POST", settings.base() + "/api/v1/incidents",
                        incidentJson(title, "Created for edits.", "RESOLVED"));
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("could not create an incident: " + created.statusCode() + " " + created.body());
                }
                Matcher id = ID.matcher(created.body());
                id.find();
                Target target = new Target(Long.parseLong(id.group(1)), title);
                person.targets.add(target);
                writes.created.put(target.id, title);
                writes.targets.add(target);
            }
        }
        // The destination: postmortem-published events to the stand-in (added as an admin does it, on the page).
        Person admin = new Person("bench.admin@example.com", 0);
        admin.signIn();
        String integrations = body(get(admin.browser, settings.base() + "/admin/integrations", "text/html"));
        HttpResponse<String> added = postForm(admin.browser, settings.base() + "/admin/integrations", csrf(integrations),
                List.of(Map.entry("name", "#load-faults-" + run), Map.entry("webhookUrl", slack.webhook()),
                        Map.entry("events", "postmortem-published"), Map.entry("type", "SLACK")));
        if (added.statusCode() != 303) {
            throw new IllegalStateException("could not add the Slack destination: " + added.statusCode());
        }
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT id FROM slack_destination WHERE name = '#load-faults-" + run + "'")) {
            rs.next();
            slack.destinationId = rs.getLong(1);
        }
    }

    final class Person {
        final String email;
        final long userId;
        final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        final HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final List<Target> targets = new ArrayList<>();
        volatile String csrf;
        volatile String token;
        volatile long tokenAt;

        Person(String email, long userId) {
            this.email = email;
            this.userId = userId;
        }

        void signIn() throws Exception {
            String login = body(get(browser, settings.base() + "/login", "text/html"));
            HttpResponse<String> signed = postForm(browser, settings.base() + "/login", csrf(login),
                    List.of(Map.entry("email", email), Map.entry("password", settings.password()), Map.entry("next", "/")));
            if (signed.statusCode() != 303) {
                throw new IllegalStateException("could not sign in as " + email + ": " + signed.statusCode());
            }
            csrf = csrf(body(get(browser, settings.base() + "/account/sessions", "text/html")));
            token();
        }

        synchronized String token() throws Exception {
            if (token == null || System.nanoTime() - tokenAt > 180_000_000_000L) {
                HttpResponse<String> answer = anonymous.send(HttpRequest.newBuilder(URI.create(settings.base() + "/api/v1/auth/token"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\""
                                + settings.password() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = TOKEN.matcher(answer.body());
                if (!m.find()) {
                    throw new IOException("no access token for " + email + ": " + answer.statusCode());
                }
                token = m.group(1);
                tokenAt = System.nanoTime();
            }
            return token;
        }
    }

    static final class Target {
        final long id;
        final String title;
        final ReentrantLock lock = new ReentrantLock();
        final Set<String> attempted = ConcurrentHashMap.newKeySet();
        volatile String acknowledged;
        volatile long acknowledgedVersion = -1;

        Target(long id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    static final class Writes {
        final Map<Long, String> created = new ConcurrentHashMap<>();
        final Map<Long, String> published = new ConcurrentHashMap<>();
        final List<Target> targets = new ArrayList<>();
        final AtomicInteger editCounter = new AtomicInteger();
        final AtomicInteger acknowledgedEdits = new AtomicInteger();
    }

    // ---------------------------------------------------------------------------------------------- checks

    boolean checkEverything() throws Exception {
        line("## Acknowledged writes and notifications, checked in the database");
        line("");
        int missingCreated = 0;
        int lostEdits = 0;
        int unacknowledgedLanded = 0;
        int notPublished = 0;
        int noOutboxRow = 0;
        try (Connection db = connect()) {
            try (PreparedStatement q = db.prepareStatement("SELECT title FROM incident WHERE id = ? AND deleted_at IS NULL")) {
                for (Map.Entry<Long, String> c : writes.created.entrySet()) {
                    q.setLong(1, c.getKey());
                    ResultSet rs = q.executeQuery();
                    if (!rs.next() || !rs.getString(1).equals(c.getValue())) {
                        missingCreated++;
                    }
                }
            }
            try (PreparedStatement q = db.prepareStatement("SELECT summary, version FROM incident WHERE id = ?")) {
                for (Target t : writes.targets) {
                    if (t.acknowledged == null) {
                        continue;
                    }
                    q.setLong(1, t.id);
                    ResultSet rs = q.executeQuery();
                    rs.next();
                    String summary = rs.getString(1);
                    if (summary.equals(t.acknowledged)) {
                        continue;
                    }
                    // A later edit whose answer was lost (a 503 or a killed instance) may have landed: allowed, and counted.
                    if (t.attempted.contains(summary) && rs.getLong(2) > t.acknowledgedVersion) {
                        unacknowledgedLanded++;
                    } else {
                        lostEdits++;
                    }
                }
            }
            try (PreparedStatement q = db.prepareStatement("""
                    SELECT i.status, p.status,
                           (SELECT count(*) FROM notification_outbox o WHERE o.destination_id = ? AND o.payload LIKE ?)
                    FROM incident i JOIN postmortem p ON p.incident_id = i.id WHERE i.id = ?""")) {
                for (Map.Entry<Long, String> pub : writes.published.entrySet()) {
                    q.setLong(1, slack.destinationId);
                    q.setString(2, "%" + pub.getValue() + "%");
                    q.setLong(3, pub.getKey());
                    ResultSet rs = q.executeQuery();
                    if (!rs.next() || !"PUBLISHED".equals(rs.getString(1)) || !"PUBLISHED".equals(rs.getString(2))) {
                        notPublished++;
                    } else if (rs.getLong(3) != 1) {
                        noOutboxRow++;
                    }
                }
            }
            Map<String, Long> invariants = new LinkedHashMap<>();
            invariants.put("published incidents whose postmortem is not published", count(db, """
                    SELECT count(*) FROM incident i LEFT JOIN postmortem p ON p.incident_id = i.id
                    WHERE i.status = 'PUBLISHED' AND (p.id IS NULL OR p.status <> 'PUBLISHED' OR p.published_at IS NULL)"""));
            invariants.put("published postmortems of an incident not published", count(db, """
                    SELECT count(*) FROM postmortem p JOIN incident i ON i.id = p.incident_id
                    WHERE p.status = 'PUBLISHED' AND i.status <> 'PUBLISHED' AND i.deleted_at IS NULL"""));
            invariants.put("this run's postmortems in review without a reviewer, or published without an approval", count(db, """
                    SELECT count(*) FROM postmortem p JOIN incident i ON i.id = p.incident_id
                    WHERE i.title LIKE 'LF %s %%' AND p.status IN ('IN_REVIEW', 'PUBLISHED')
                    AND NOT EXISTS (SELECT 1 FROM postmortem_reviewer r WHERE r.postmortem_id = p.id
                                    AND (p.status = 'IN_REVIEW' OR r.decision = 'APPROVED'))"""
                    .formatted(run)));
            invariants.put("this run's published postmortems without exactly one outbox message", count(db, """
                    SELECT count(*) FROM incident i JOIN postmortem p ON p.incident_id = i.id
                    WHERE i.title LIKE 'LF %s published %%' AND p.status = 'PUBLISHED'
                    AND (SELECT count(*) FROM notification_outbox o WHERE o.destination_id = %d AND o.payload LIKE '%%' || i.title || '%%') <> 1"""
                    .formatted(run, slack.destinationId)));
            invariants.put("this run's incidents whose title is not a title this run sent", count(db, """
                    SELECT count(*) FROM incident WHERE title LIKE 'LF %s %%' AND title NOT LIKE 'LF %s published %%'
                    AND title NOT LIKE 'LF %s edited %%'""".formatted(run, run, run)));

            // Notifications: every message of the destination delivered (the stand-in got it) or still waiting.
            int delivered = 0;
            int waiting = 0;
            int failed = 0;
            int deliveredNotReceived = 0;
            int duplicates = 0;
            int rows = 0;
            Set<String> known = new java.util.HashSet<>();
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT payload, status, attempts FROM notification_outbox WHERE destination_id = ?")) {
                q.setLong(1, slack.destinationId);
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    rows++;
                    String hash = sha256(rs.getString(1));
                    known.add(hash);
                    int received = slack.count(hash);
                    switch (rs.getString(2)) {
                        case "DELIVERED" -> {
                            delivered++;
                            if (received == 0) {
                                deliveredNotReceived++;
                            }
                        }
                        case "PENDING" -> waiting++;
                        default -> failed++;
                    }
                    duplicates += Math.max(0, received - 1);
                }
            }
            long strangers = slack.hashes().stream().filter(h -> !known.contains(h)).count();

            line("| what | count |");
            line("|---|---:|");
            line("| incidents created and acknowledged (201) | " + writes.created.size() + " |");
            line("| … missing or different in the database | " + missingCreated + " |");
            line("| edits acknowledged (200) | " + writes.acknowledgedEdits.get() + " |");
            line("| … incidents whose last acknowledged edit is not in the database | " + lostEdits + " |");
            line("| … incidents holding a later edit whose answer was lost (allowed) | " + unacknowledgedLanded + " |");
            line("| publications acknowledged (303) | " + writes.published.size() + " |");
            line("| … not published in the database | " + notPublished + " |");
            line("| … without their outbox message | " + noOutboxRow + " |");
            for (Map.Entry<String, Long> inv : invariants.entrySet()) {
                line("| invariant: " + inv.getKey() + " | " + inv.getValue() + " |");
            }
            line("| notifications in the outbox for the stand-in | " + rows + " |");
            line("| … delivered | " + delivered + " |");
            line("| … still waiting (pending) | " + waiting + " |");
            line("| … given up (failed) | " + failed + " |");
            line("| … marked delivered but never received (lost) | " + deliveredNotReceived + " |");
            line("| duplicate deliveries (at-least-once; counted by the stand-in) | " + duplicates + " |");
            line("| deliveries matching no outbox message | " + strangers + " |");
            long broken = invariants.values().stream().mapToLong(Long::longValue).sum();
            return missingCreated == 0 && lostEdits == 0 && notPublished == 0 && noOutboxRow == 0 && broken == 0
                    && failed == 0 && deliveredNotReceived == 0 && strangers == 0;
        }
    }

    int pending() throws Exception {
        try (Connection db = connect()) {
            return (int) count(db, "SELECT count(*) FROM notification_outbox WHERE status = 'PENDING' AND destination_id = "
                    + slack.destinationId);
        }
    }

    /** Waits until the destination has nothing pending; the time it took, or null. */
    Duration awaitDrained(Duration timeout) throws Exception {
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
            try {
                if (pending() == 0) {
                    return Duration.between(start, Instant.now());
                }
            } catch (Exception dbDown) {
                // checked again below
            }
            sleep(Duration.ofSeconds(1));
        }
        return null;
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(settings.jdbc(), "hindsight", "hindsight");
    }

    static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------- Slack stand-in

    /**
     * Speaks Slack's incoming-webhook protocol (POST JSON, answer 200 "ok") and counts what it receives by the SHA-256
     * of the body, which is the outbox row's payload exactly as stored. Down means the port refuses connections.
     */
    static final class SlackStandIn {
        final int port;
        final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        final Map<Integer, Boolean> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        volatile long delayMs;
        volatile long destinationId;
        HttpServer server;

        SlackStandIn(int port) {
            this.port = port;
        }

        String webhook() {
            return "http://127.0.0.1:" + port + "/services/TLOADFAULTS/BLOADFAULTS/standin";
        }

        synchronized void up() throws IOException {
            if (server != null) {
                return;
            }
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                int remote = exchange.getRemoteAddress().getPort();
                inFlight.put(remote, true);
                try {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    received.computeIfAbsent(sha256(body), h -> new AtomicInteger()).incrementAndGet();
                    total.incrementAndGet();
                    if (delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, ok.length);
                    exchange.getResponseBody().write(ok);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.remove(remote);
                    exchange.close();
                }
            });
            server.start();
        }

        synchronized void down() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        Set<Integer> inFlightPorts() {
            return Set.copyOf(inFlight.keySet());
        }

        int count(String hash) {
            AtomicInteger n = received.get(hash);
            return n == null ? 0 : n.get();
        }

        Set<String> hashes() {
            return received.keySet();
        }

        int total() {
            return total.get();
        }
    }

    /** The pid of the process whose TCP connection has local port {@code port} (ss, as root), or -1. */
    static long pidOfPort(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-tnpH", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor();
            Matcher pid = Pattern.compile("pid=(\\d+)").matcher(out);
            return pid.find() ? Long.parseLong(pid.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------- results

    static final class Phase {
        final String name;
        final double rate;
        final Duration duration;
        final boolean reported;
        final Map<String, Stats> byOperation = new ConcurrentHashMap<>();
        final AtomicLong unexpected = new AtomicLong();
        final List<String> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Map<String, Integer> transportMessages = new ConcurrentHashMap<>();
        volatile long startedAt;
        volatile long endedAt;
        boolean expect503;
        boolean passed = true;
        String waits = "";
        String statements;

        Phase(String name, double rate, Duration duration, boolean reported) {
            this.name = name;
            this.rate = rate;
            this.duration = duration;
            this.reported = reported;
        }

        void record(String operation, double ms, int status) {
            byOperation.computeIfAbsent(operation, o -> new Stats()).add(ms, status);
        }

        Stats all() {
            Stats all = new Stats();
            byOperation.values().forEach(all::addAll);
            return all;
        }

        double seconds() {
            return (endedAt - startedAt) / 1e9;
        }

        double achieved() {
            return all().count() / seconds();
        }

        String statusCounts() {
            Map<String, Long> counts = new TreeMap<>();
            for (Stats s : byOperation.values()) {
                s.statuses.forEach((k, v) -> counts.merge(k == -1 ? "transport error" : k == -2 ? "skipped" : Integer.toString(k), v.get(), Long::sum));
            }
            return counts.toString() + (transportMessages.isEmpty() ? "" : " " + transportMessages);
        }
    }

    static final class Stats {
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

        void add(double ms, int status) {
            if (status != -2) {
                latencies.add(ms);
            }
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }

        void addAll(Stats other) {
            latencies.addAll(other.latencies);
            other.statuses.forEach((k, v) -> statuses.computeIfAbsent(k, s -> new AtomicLong()).addAndGet(v.get()));
        }

        long count() {
            return latencies.size();
        }

        double p(double percentile) {
            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        long with(java.util.function.IntPredicate status) {
            return statuses.entrySet().stream().filter(e -> status.test(e.getKey())).mapToLong(e -> e.getValue().get()).sum();
        }

        long clientErrors() {
            return with(s -> s >= 400 && s < 500);
        }

        long serverErrors() {
            return with(s -> s >= 500);
        }

        long transportErrors() {
            return with(s -> s == -1);
        }
    }

    void phaseTable(List<Phase> phases) {
        line("| phase | rate | achieved req/s | p50 ms | p95 ms | p99 ms | 4xx | 503 | other 5xx | transport errors |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Phase p : phases) {
            Stats s = p.all();
            line(String.format(Locale.ROOT, "| %s | %.0f/s | %.1f | %.0f | %.0f | %.0f | %d | %d | %d | %d |", p.name, p.rate,
                    p.achieved(), s.p(50), s.p(95), s.p(99), s.clientErrors(), s.with(x -> x == 503),
                    s.with(x -> x >= 500 && x != 503), s.transportErrors()));
        }
        for (Phase p : phases) {
            for (String sample : p.samples) {
                line("");
                line("- unexpected answer in " + p.name + ": `" + sample.replace("`", "'") + "`");
            }
        }
        line("");
    }

    void operationTable(Phase p) {
        line("| operation | requests | req/s | p50 ms | p95 ms | p99 ms | 4xx | non-4xx errors |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        new TreeMap<>(p.byOperation).forEach((name, s) -> line(String.format(Locale.ROOT,
                "| %s | %d | %.1f | %.0f | %.0f | %.0f | %d | %d |", name, s.count(), s.count() / p.seconds(), s.p(50), s.p(95),
                s.p(99), s.clientErrors(), s.serverErrors() + s.transportErrors())));
        Stats all = p.all();
        line(String.format(Locale.ROOT, "| **all** | %d | %.1f | %.0f | %.0f | %.0f | %d | %d |", all.count(), all.count() / p.seconds(),
                all.p(50), all.p(95), all.p(99), all.clientErrors(), all.serverErrors() + all.transportErrors()));
    }

    void line(String text) {
        report.append(text).append('\n');
        System.err.println(text);
    }

    // ---------------------------------------------------------------------------------------------- HTTP helpers

    static HttpResponse<String> get(HttpClient client, String url, String accept) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
            if (accept != null) {
                request.header("Accept", accept);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    HttpResponse<String> getBearer(Person person, String url) {
        try {
            return person.anonymous.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").header("Authorization", "Bearer " + person.token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    HttpResponse<String> send(Person person, String method, String url, String json) throws Exception {
        HttpResponse<String> response = person.anonymous.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Bearer " + person.token())
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return response;
    }

    HttpResponse<String> form(Person person, String url, String... fields) throws Exception {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            all.add(Map.entry(fields[i], fields[i + 1]));
        }
        return postForm(person.browser, url, person.csrf, all);
    }

    static HttpResponse<String> postForm(HttpClient client, String url, String csrf, List<Map.Entry<String, String>> fields)
            throws Exception {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.add(Map.entry("csrf-token", csrf));
        String body = all.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int status(HttpResponse<String> response) {
        return response == null ? -1 : response.statusCode();
    }

    static String body(HttpResponse<String> response) {
        if (response == null || response.statusCode() != 200) {
            throw new IllegalStateException("expected a page, got " + status(response));
        }
        return response.body();
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    static String incidentJson(String title, String summary, String status) {
        Instant started = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant resolved = started.plus(40, ChronoUnit.MINUTES);
        return "{\"title\":\"" + title + "\",\"summary\":\"" + summary + "\",\"severity\":\"SEV3\",\"status\":\"" + status
                + "\",\"started_at\":\"" + started + "\",\"resolved_at\":\"" + resolved + "\",\"affected_services\":[\"payments\"]}";
    }

    static String postmortemJson() {
        return """
                {"template":"general","summary":"Card payments were slow for forty minutes while the database replica lagged.",
                 "impact":"About one payment in ten took more than five seconds.",
                 "timeline_notes":"The replica lag alert fired at the start; the fix was rolled out forty minutes later.",
                 "laugh":"A routine index rebuild started at the busiest hour and the replica could not keep up.",
                 "learn":"Index rebuilds are not scheduled around traffic, and the replica has no headroom for them.",
                 "fix":"Schedule rebuilds at night and give the replica more memory.",
                 "share":"Shared with the platform team in the weekly review."}""";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void sh(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
