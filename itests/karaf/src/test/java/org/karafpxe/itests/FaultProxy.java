package org.karafpxe.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between the server and its real database that can black-hole the
 * traffic, as a dead route or a firewall dropping packets would: while black-holed, nothing passes
 * either way on open connections, and new connections are accepted but never hear back. What was
 * held moves on when the hole closes, unless a side gave up and closed first.
 */
final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean blackHoled;
    private volatile boolean closed;

    FaultProxy(int port, InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        daemon("fault-proxy-accept", this::acceptLoop);
    }

    /** Starts or ends dropping all traffic. */
    void blackHole(boolean on) {
        blackHoled = on;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                daemon("fault-proxy-connect", () -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        sockets.add(server);
        try {
            server.connect(upstream, 2000);
        } catch (IOException refused) {
            // A stopped database: the client sees its connection end, as it would be refused.
            close(client, server);
            return;
        }
        daemon("fault-proxy-up", () -> pump(client, server));
        daemon("fault-proxy-down", () -> pump(server, client));
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (blackHoled && !closed && !to.isClosed()) {
                    Thread.sleep(10);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException ended) {
            // one side closed
        } finally {
            close(from, to);
        }
    }

    private void close(Socket... pair) {
        for (Socket s : pair) {
            sockets.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(this::close);
    }
}
