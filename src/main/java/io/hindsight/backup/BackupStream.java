package io.hindsight.backup;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

import java.io.IOException;

/** A backup archive as an HTTP attachment, written straight into the response. */
final class BackupStream {

    static final String ZIP = "application/zip";
    private static final Logger LOG = Logger.getLogger(BackupStream.class);

    private BackupStream() {
    }

    static Response attachment(BackupService backups, Long actorId, String ip) {
        String name = backups.fileName();
        StreamingOutput body = output -> {
            try {
                backups.write(output, actorId, ip);
            } catch (IOException e) {
                // The download was cancelled or the network went: no archive was delivered, so none is on record.
                LOG.infof("Backup download stopped: the connection closed (%s)", e.getMessage());
            }
        };
        return Response.ok(body, ZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
