package org.karafpxe.tftp.internal;

/** How requested names are matched against the files under the TFTP root. */
public enum CaseMatching {
    EXACT,
    /**
     * Each path component may match a directory entry regardless of case: Windows deployment tools and
     * firmware ask for names like {@code \Boot\x86\WDSNBP.COM} that were copied to a case-sensitive disk.
     */
    INSENSITIVE
}
