/**
 * The HTTP boot-file server as the operator's view sees it: the requests it answered last
 * ({@link org.karafpxe.http.HttpBootFiles}), so that a script fetch or a task's completion callback
 * shows as a step of the machine that made it.
 */
@Export
@Version("1.0.0")
package org.karafpxe.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
