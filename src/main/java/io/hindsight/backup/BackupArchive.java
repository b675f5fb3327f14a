package io.hindsight.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A backup archive on disk, read with random access: the manifest first (it is the last entry
 * written), then each table's lines as a stream. Layout: {@code manifest.json},
 * {@code data/<table>.jsonl}, {@code postmortems/<id>-<slug>.md}.
 */
final class BackupArchive implements AutoCloseable {

    static final String MANIFEST = "manifest.json";
    static final String DATA = "data/";
    static final String POSTMORTEMS = "postmortems/";
    /** A manifest is a few kilobytes; anything this large is not one. */
    private static final int MAX_MANIFEST = 1 << 20;

    private final ZipFile zip;
    private final Manifest manifest;

    private BackupArchive(ZipFile zip, Manifest manifest) {
        this.zip = zip;
        this.manifest = manifest;
    }

    static BackupArchive open(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new ArchiveProblem("The file is not a readable ZIP archive (" + e.getMessage() + "); it may be truncated.", e);
        } catch (IOException e) {
            throw new ArchiveProblem("The archive cannot be read: " + e.getMessage(), e);
        }
        try {
            ZipEntry entry = zip.getEntry(MANIFEST);
            if (entry == null) {
                throw new ArchiveProblem("The archive has no manifest.json, so it is not a Hindsight backup.");
            }
            byte[] json;
            try (InputStream in = zip.getInputStream(entry)) {
                json = in.readNBytes(MAX_MANIFEST + 1);
            }
            if (json.length > MAX_MANIFEST) {
                throw new ArchiveProblem("manifest.json is too large to be a Hindsight manifest.");
            }
            return new BackupArchive(zip, Manifest.parse(json));
        } catch (IOException e) {
            closeQuietly(zip);
            throw new ArchiveProblem("manifest.json cannot be read (" + e.getMessage() + "); the archive is damaged.", e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    Manifest manifest() {
        return manifest;
    }

    /** The table's lines; the caller closes the reader. */
    BufferedReader lines(String table) {
        ZipEntry entry = zip.getEntry(DATA + table + ".jsonl");
        if (entry == null) {
            throw new ArchiveProblem("The archive lists table " + table + " in its manifest but has no " + DATA + table + ".jsonl.");
        }
        try {
            return new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new ArchiveProblem(DATA + table + ".jsonl cannot be read (" + e.getMessage() + "); the archive is damaged.", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Read-only: nothing to lose.
        }
    }
}
