package io.hindsight.importing;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

class ImportProbeTest {
    @Test
    void probe() throws Exception {
        for (String f : new String[] {"dfds-pm2021-009.md", "rust-crates-io-2020-02-20.md", "rust-crates-io-2018-10-15.md"}) {
            String md;
            try (InputStream in = getClass().getResourceAsStream("/importing/" + f)) {
                md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            MarkdownImport.Result r = MarkdownImport.parse(f, md, Instant.parse("2026-11-26T06:00:00Z"));
            System.out.println("=== " + f + " ok=" + r.ok() + " " + r.errors());
            System.out.println(r.incident());
            r.timeline().forEach(t -> System.out.println("  T " + t.occurredAt() + " " + t.kind() + " " + t.description()));
            r.actionItems().forEach(a -> System.out.println("  A " + a));
            System.out.println(" mapped " + r.mappedHeadings() + " unmapped " + r.unmappedHeadings());
            System.out.println(" structured " + r.structured());
            System.out.println(" warnings " + r.warnings());
            r.postmortem().bySection().forEach((k, v) -> System.out.println(" --- " + k + "\n" + v));
        }
    }
}
