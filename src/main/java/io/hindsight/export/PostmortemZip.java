package io.hindsight.export;

import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A bulk export as a zip, written while it is read from the database: first {@code README.md},
 * an index of every incident in the export, then one report per incident. Both passes go batch by
 * batch in id order (keyset pagination), so memory stays the same for fifty incidents or fifty
 * thousand.
 *
 * <p>The index and the reports are read in separate short transactions, so an incident renamed
 * during the export may appear under its old title in the index; its own file is the record.
 */
final class PostmortemZip implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(PostmortemZip.class);

    static final String INDEX = "README.md";
    /** Reports per transaction: a few hundred kilobytes of text for typical postmortems. */
    static final int REPORT_BATCH = 50;
    static final int INDEX_BATCH = 500;
    /** The earliest time a zip entry can carry, for an export with nothing in it. */
    private static final Instant ZIP_EPOCH = Instant.parse("1980-01-01T00:00:00Z");

    private final ExportService exports;
    private final ExportFilter filter;

    PostmortemZip(ExportService exports, ExportFilter filter) {
        this.exports = exports;
        this.filter = filter;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(output, StandardCharsets.UTF_8);
        long written = 0;
        try {
            writeIndex(zip);
            long after = 0;
            List<ExportService.Report> batch;
            do {
                batch = exports.nextReports(filter, after, REPORT_BATCH);
                for (ExportService.Report report : batch) {
                    entry(zip, report.fileName(), report.updatedAt(), report.markdown());
                    after = report.incidentId();
                    written++;
                }
            } while (batch.size() == REPORT_BATCH);
            // Finish, not close: the container owns the response stream.
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            // Only the response stream throws these: the download was cancelled or the network went.
            // Nothing is wrong with the portal, so no error page and no error in the log.
            LOG.infof("Bulk export stopped after %d reports: the connection closed (%s)", written, e.getMessage());
        }
    }

    private void writeIndex(ZipOutputStream zip) throws IOException {
        putEntry(zip, INDEX, exports.lastUpdate(filter).orElse(ZIP_EPOCH));
        text(zip, "# Hindsight postmortems\n\nThis export holds " + filter.describe()
                + ", one Markdown file each, with its facts in the file's front matter.\n\n");
        long after = 0;
        List<ExportService.IndexRow> rows = exports.nextIndexRows(filter, after, INDEX_BATCH);
        if (rows.isEmpty()) {
            text(zip, "_No incidents match._\n");
        } else {
            text(zip, "| ID | Title | Severity | Status | File |\n| --- | --- | --- | --- | --- |\n");
        }
        while (!rows.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            for (ExportService.IndexRow row : rows) {
                lines.append("| ").append(row.id())
                        .append(" | ").append(InlineText.cell(row.title()))
                        .append(" | ").append(row.severity() == null ? "" : row.severity().name())
                        .append(" | ").append(row.status() == null ? "" : row.status().label())
                        .append(" | [").append(row.fileName()).append("](").append(row.fileName()).append(") |\n");
                after = row.id();
            }
            text(zip, lines.toString());
            rows = rows.size() < INDEX_BATCH ? List.of() : exports.nextIndexRows(filter, after, INDEX_BATCH);
        }
        zip.closeEntry();
    }

    private static void entry(ZipOutputStream zip, String name, Instant modified, String text) throws IOException {
        putEntry(zip, name, modified);
        text(zip, text);
        zip.closeEntry();
    }

    /** Entries carry the time their incident last changed, in UTC, so the same data gives the same zip. */
    private static void putEntry(ZipOutputStream zip, String name, Instant modified) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        Instant time = modified == null || modified.isBefore(ZIP_EPOCH) ? ZIP_EPOCH : modified;
        entry.setTimeLocal(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        zip.putNextEntry(entry);
    }

    private static void text(ZipOutputStream zip, String text) throws IOException {
        zip.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
