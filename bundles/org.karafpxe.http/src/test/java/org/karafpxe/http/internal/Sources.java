package org.karafpxe.http.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;

/** Boot file sources and files for the tests. */
final class Sources {

    private Sources() {
    }

    /** Content whose every byte tells its position, so a wrong offset shows. */
    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }

    /** Serves fixed files by name, remembering what it was asked and by whom. */
    static final class Memory implements BootFileSource {
        final Map<String, byte[]> files;
        final List<String> asked = new CopyOnWriteArrayList<>();
        final List<InetSocketAddress> clients = new CopyOnWriteArrayList<>();
        final AtomicInteger closed = new AtomicInteger();
        private final String name;

        Memory(String name, Map<String, byte[]> files) {
            this.name = name;
            this.files = files;
        }

        @Override
        public Optional<BootFile> open(String path, InetSocketAddress client) {
            asked.add(path);
            clients.add(client);
            byte[] content = files.get(path);
            if (content == null) {
                return Optional.empty();
            }
            BootFile inner = BootFile.of(content);
            return Optional.of(new BootFile() {
                @Override
                public long size() {
                    return inner.size();
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return inner.read(dst, position);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            });
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A source whose one file fails on any read, to prove a read never happens. */
    static final class Unreadable implements BootFileSource {
        final long size;
        final AtomicInteger closed = new AtomicInteger();

        Unreadable(long size) {
            this.size = size;
        }

        @Override
        public Optional<BootFile> open(String path, InetSocketAddress client) {
            return Optional.of(new BootFile() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    throw new AssertionError("read at " + position);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            });
        }
    }

    /** A file that fails with an IOException once {@code failAt} bytes have been read. */
    static BootFileSource failingAt(long size, long failAt) {
        return (path, client) -> Optional.of(new BootFile() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                if (position >= failAt) {
                    throw new IOException("disk error");
                }
                int n = (int) Math.min(dst.remaining(), failAt - position);
                dst.position(dst.position() + n);
                return n;
            }
        });
    }

    /** A generated stream of unknown size. */
    static BootFileSource unknownSize(byte[] content) {
        return (path, client) -> {
            BootFile inner = BootFile.of(content);
            return Optional.of(new BootFile() {
                @Override
                public long size() {
                    return -1;
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return inner.read(dst, position);
                }
            });
        };
    }

    /** A source that has every name and refuses it. */
    static BootFileSource refusing(String message) {
        return (path, client) -> {
            throw new SecurityException(message);
        };
    }

    /** A source that fails on every name. */
    static BootFileSource broken() {
        return (path, client) -> {
            throw new IOException("source down");
        };
    }
}
