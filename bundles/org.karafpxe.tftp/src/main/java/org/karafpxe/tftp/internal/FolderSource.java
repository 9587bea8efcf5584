package org.karafpxe.tftp.internal;

import org.karafpxe.api.BootFileSource;

/**
 * A source of the files in the server's own folder: it reads the local file system, never another
 * bundle's code, so a transfer's event loop may read its files itself while few transfers run (see
 * {@link TransferSession}).
 */
interface FolderSource extends BootFileSource {
}
