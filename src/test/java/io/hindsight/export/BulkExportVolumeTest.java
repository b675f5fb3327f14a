package io.hindsight.export;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Five thousand published incidents (about 100 MB of Markdown) leave in one zip, read from the
 * response as it arrives and counted, never held. The portal's memory is measured by
 * bench/export-zip.sh, which runs it with a small heap; here the proof is that the response is
 * streamed (no Content-Length: nothing buffered it whole) and complete.
 */
@QuarkusTest
class BulkExportVolumeTest {

    static final int INCIDENTS = 5_000;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/export/postmortems.zip")
    URI zip;

    private String tag;

    @Test
    void fiveThousandIncidentsStreamOutInOneZip() throws Exception {
        tag = Incidents.uniqueTag();
        long seeding = System.nanoTime();
        SeededIncidents.insert(dataSource, tag, INCIDENTS);
        System.out.printf("Seeded %,d incidents in %d ms%n", INCIDENTS, (System.nanoTime() - seeding) / 1_000_000);

        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(zip + "?tag=" + tag))
                .header("Authorization", "Bearer " + PortalClient.accessToken(Role.VIEWER)).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "streamed, not buffered and then sent");
        Counts counts = count(response.body());
        System.out.printf("Exported %,d files, %,d bytes of Markdown (%,d bytes zipped) in %d ms%n", counts.entries,
                counts.markdownBytes, counts.zippedBytes, (System.nanoTime() - start) / 1_000_000);

        assertEquals(INCIDENTS + 1, counts.entries, "README.md and one file per incident");
        assertEquals(INCIDENTS, counts.indexRows, "one index row per incident");
        assertTrue(counts.markdownBytes > 90L * 1024 * 1024, "more Markdown than the bench's whole heap: " + counts.markdownBytes);
    }

    @AfterEach
    void deleteThem() throws SQLException {
        if (tag != null) {
            SeededIncidents.delete(dataSource, tag);
        }
    }

    /** Reads the zip entry by entry in 8 kB steps; only the index's rows are looked at, line by line. */
    private static Counts count(InputStream body) throws IOException {
        Counts counts = new Counts();
        CountingInputStream zipped = new CountingInputStream(body);
        try (ZipInputStream in = new ZipInputStream(zipped, StandardCharsets.UTF_8)) {
            byte[] buffer = new byte[8192];
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                counts.entries++;
                if (entry.getName().equals(PostmortemZip.INDEX)) {
                    BufferedReader index = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    for (String line = index.readLine(); line != null; line = index.readLine()) {
                        counts.markdownBytes += line.length() + 1;
                        if (line.matches("\\| \\d+ \\| .*")) {
                            counts.indexRows++;
                        }
                    }
                    continue;
                }
                for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                    counts.markdownBytes += read;
                }
            }
            // The zip's central directory follows the last entry; read it too, as an unzip tool would.
            zipped.transferTo(OutputStream.nullOutputStream());
        }
        counts.zippedBytes = zipped.count;
        return counts;
    }

    private static final class Counts {
        long entries;
        long indexRows;
        long markdownBytes;
        long zippedBytes;
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
